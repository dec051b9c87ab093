"""segur-spec: the Ségur numérique specifications as versioned data.

Data flows one way: files -> loaders -> model (immutable index) -> checks -> writers.
"""
__version__ = "0.1.0"

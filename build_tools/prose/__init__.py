"""Shared prose: MyST Markdown fragments under ``book/prose/``, used by the book and by Word.

The narrative of the DSR and AF (context, référencement process, eligibility, payment…) is
written once, in French, as small MyST Markdown files under ``book/prose/``. The corpus
loader puts them in ``corpus.prose`` (``"dsr/contexte"`` → text). Two consumers:

* the Jupyter Book pages call :func:`render_markdown` and get MyST text with every data
  placeholder resolved for one dispositif;
* the Word writer calls :func:`render_blocks` and gets the same text parsed into a small
  block tree (:class:`Heading`, :class:`Paragraph`, :class:`BulletList`, :class:`Admonition`).

One module per stage: ``formatting`` (French dates, times, amounts, rates — shared with the
documents writer), ``fields`` (fragment lookup and ``{{ … }}`` resolution for one
dispositif), ``myst`` (the MyST subset parsed into blocks), ``errors`` (:class:`ProseError`).

Placeholders
------------
``{{ path }}`` or ``{{ path | filter }}`` inside a fragment is replaced by a value of the
corpus index. ``path`` starts with one of these roots (every value is inserted inert: MyST markup in
the data is escaped by :func:`~build_tools.render.html.myst_field`, and read back as
plain text by :func:`parse_inline` for Word):

``dispositif``
    the :class:`~build_tools.model.Dispositif` (``id``, ``titre``, ``version``, ``date``,
    ``type_code``, ``type_libelle``, ``prefixe``, ``statut_publication`` …) plus
    ``couloir_libelle``, ``vague_numero``, ``vague_libelle``, ``vague_periode``,
    ``vague_objet``, ``code_dsr`` (``DSR-<id>``), ``code_af`` (``AF-<id>``),
    ``rem_xlsx`` / ``rem_csv`` (file names of the published REM) and ``nb_exigences``.
``af``
    the dispositif's :class:`~build_tools.model.Financement` (``tva``, ``unite``,
    ``critere``, ``paiement.avance.pourcentage``, ``commande.anteriorite_max_jours`` …);
    an error when the dispositif has no AF.

Dotted segments read attributes of records and keys of dicts. Filters: ``date``
(``2022-07-15`` → ``15/07/2022``), ``heure`` (``14:00`` → ``14h00``), ``montant``
(``27000`` → ``27 000,00 €``), ``taux`` (``0.2`` → ``20 %``), ``pourcentage``
(``30`` → ``30 %``), ``minuscule``. An unknown root, segment or filter raises
:class:`ProseError`: a typo never reaches a published document.

Supported MyST subset (anything else raises :class:`ProseError`)
-----------------------------------------------------------------
``#``…``###`` headings (relative: ``#`` is one level below the section that includes the
fragment), paragraphs, ``-``/``*`` bullet lists (two-space indent = one nesting level),
``1.`` numbered lists, ``**bold**``, ``*italic*``, inline ```code```, ``[text](url)``
links, MyST roles ``{abbr}`text``` (text kept), admonitions written as a colon fence
``:::{note}`` … ``:::`` (``note``, ``important``, ``warning``, ``tip``, ``attention``,
``admonition`` with a title), ``%`` comment lines and ``(label)=`` targets (dropped for
Word), YAML front matter (dropped).
"""
from __future__ import annotations

from .errors import ProseError
from .fields import render_blocks, render_markdown, resolve
from .formatting import FILTERS, format_amount, format_date, format_rate, format_time
from .myst import Admonition, BulletList, Heading, Paragraph, Span, parse_inline, parse_markdown

__all__ = ["ProseError", "render_markdown", "render_blocks", "resolve", "parse_markdown", "parse_inline",
           "Span", "Heading", "Paragraph", "BulletList", "Admonition", "FILTERS",
           "format_date", "format_time", "format_amount", "format_rate"]

"""The `segur` command line.

Exit codes: 0 clean, 1 problems found (errors, or warnings with --strict), 2 usage or
environment error. Every command acts on the corpus in the current folder or --root. Each
module of this package holds a group of commands and declares their options.
"""
from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import concertation, corpus, rem, versions
from .common import UsageError

__all__ = ["UsageError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="segur", description="Outillage des spécifications du Ségur du numérique")
    parser.add_argument("--version", action="version", version=f"segur-spec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--root", help="dossier du corpus (contenant requirements/ et matrices/) ; par défaut : le dossier courant")

    for group in (corpus, rem, concertation, versions):
        group.add_parsers(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"segur: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

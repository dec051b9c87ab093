"""The shared prose (book/prose/*.md) must render for every dispositif that uses it.

DSR fragments (`dsr/…`, and the root ones such as the glossary) serve every dispositif;
AF fragments (`af/…`) the dispositifs with financing terms. A fragment that cannot be
rendered would stop `segur publish`: it is reported here, on its line, instead.
"""
from __future__ import annotations

import re

from .. import problems as P
from ..model import Corpus
from ..problems import Source
from . import check

WHERE_RE = re.compile(r"^(book/prose/[^:]+\.md):(\d+): (.*)$", re.S)


def _users(corpus: Corpus, name: str) -> list[str]:
    if name.startswith("af/"):
        return [d for d in corpus.dispositifs if d in corpus.financements]
    return list(corpus.dispositifs)


@check
def prose_fragments(corpus: Corpus):
    if not corpus.prose:
        return
    from ..prose import ProseError, render_blocks, render_markdown
    seen = set()
    for name in sorted(corpus.prose):
        for i, did in enumerate(_users(corpus, name)):
            try:
                # field values are one-line, escaped, inert text (render.html.myst_field): the
                # MyST structure is the same for every dispositif, parsed for the first only
                (render_blocks if i == 0 else render_markdown)(corpus, name, did)
            except ProseError as exc:
                m = WHERE_RE.match(str(exc))
                path, line, text = (m.group(1), int(m.group(2)), m.group(3)) if m else (f"book/prose/{name}.md", 0, str(exc))
                if (path, line) not in seen:    # once per place, not once per dispositif
                    seen.add((path, line))
                    yield P.problem(P.PROSE, Source(path, line), text)

"""Reference rules: profiles, référentiels, socles, programme codes; text hygiene."""
from __future__ import annotations

import difflib
import re

from .. import problems as P
from ..model import Corpus, Requirement
from ..problems import Source
from ..rem_import.cleaning import ENTITY_RE, TAG_RE
from . import check

BRACKET_RE = re.compile(r"\[([A-Z][A-Za-z0-9_-]*\d)\]")
DOIT_RE = re.compile(r"\bDOIT\b")
PEUT_RE = re.compile(r"\bPEUT\b")
# real HTML tag names only: `<identifiant>` or `<NOM>` in a requirement text are placeholders, not HTML
HTML_RE = re.compile(f"{TAG_RE.pattern}|{ENTITY_RE.pattern}|\u00a0", re.IGNORECASE)


def _closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]}?)" if match else ""


def _content_problems(r: Requirement, corpus: Corpus):
    src_enonce = Source(r.src.path, r.line_of("enonce"))
    has_doit, has_peut = bool(DOIT_RE.search(r.enonce)), bool(PEUT_RE.search(r.enonce))
    if r.nature == "Exigence" and not has_doit:
        yield P.problem(P.NATURE_VERB, src_enonce, f"{r.id} is an Exigence but its text has no DOIT")
    elif r.nature == "Préconisation" and (has_doit or not has_peut):
        why = "says DOIT" if has_doit else "has no PEUT"
        yield P.problem(P.NATURE_VERB, src_enonce, f"{r.id} is a Préconisation but its text {why}")
    cited = set(BRACKET_RE.findall(r.enonce))
    listed = set(r.referentiels)
    for code in sorted(cited | listed):
        if code not in corpus.referentiels:
            line = r.line_of("referentiels") if code in listed else src_enonce.line
            yield P.problem(P.REF_REFERENTIEL, Source(r.src.path, line),
                            f"{r.id} cites [{code}], which referentiels.yaml does not define"
                            + _closest(code, corpus.referentiels))
    if cited - listed:
        yield P.problem(P.REF_REFERENTIEL_LIST, src_enonce,
                        f"{r.id} cites {', '.join(sorted(cited - listed))} in its text but not in referentiels")
    if listed - cited:
        yield P.problem(P.REF_REFERENTIEL_LIST, Source(r.src.path, r.line_of("referentiels")),
                        f"{r.id} lists {', '.join(sorted(listed - cited))} but does not cite it in its text")
    for what in ("enonce", "bloc", "fonction"):
        if _suspicious(getattr(r, what)):
            yield P.problem(P.TEXT_WHITESPACE, Source(r.src.path, r.line_of(what)),
                            f"{r.id}: {what} holds stray spaces, a non-breaking space or HTML")
    for s in r.scenarios:
        for cid, text, line in ((s.id, s.texte, s.line), *((p.id, p.texte, p.line) for p in s.preuves)):
            if _suspicious(text):
                yield P.problem(P.TEXT_WHITESPACE, Source(r.src.path, line),
                                f"{cid}: text holds stray spaces, a non-breaking space or HTML")


def _suspicious(text: str) -> bool:
    """Cheap test first; the regex only runs on texts that may hold HTML or stray spaces."""
    if not ("<" in text or "&" in text or "\u00a0" in text or text[:1].isspace() or text[-1:].isspace()):
        return False
    return bool(HTML_RE.search(text)) or text != text.strip()


@check
def requirement_content(corpus: Corpus):
    for socle in corpus.socles.values():
        for r in socle.requirements:
            yield from _content_problems(r, corpus)
    for d in corpus.dispositifs.values():
        for r in d.own:
            yield from _content_problems(r, corpus)


@check
def profiles(corpus: Corpus):
    for d in corpus.dispositifs.values():
        names = set(d.profile_names)
        for rr in d.rem + d.obsoletes:
            for prof in rr.profils:
                if prof not in names:
                    line = rr.src.line if rr.socle else rr.base.line_of("profils")
                    extra = " (set `profils:` on the pick to override the socle's profile)" if rr.socle else ""
                    yield P.problem(P.REF_PROFILE, Source(rr.src.path, line),
                                    f"{rr.id} uses profile {prof!r}, not defined by {d.id}{extra}"
                                    + _closest(prof, names))


@check
def socle_picks(corpus: Corpus):
    for d in corpus.dispositifs.values():
        for pk in d.picks:
            sid = pk.id if pk.id.startswith("SC.") else "SC." + pk.id
            base = corpus.socle_requirements.get(sid)
            if base is None:
                yield P.problem(P.REF_SOCLE, pk.src, f"{d.id} picks {pk.id}, but no socle defines {sid}"
                                + _closest(sid, corpus.socle_requirements))
                continue
            if pk.statut == "Obsolète":
                continue  # an évolution record of a dropped pick, not a pick
            if base.owner not in d.socles:
                yield P.problem(P.REF_SOCLE_UNLISTED, pk.src,
                                f"{d.id} picks {pk.id} from socle {base.owner}, which it does not list in `socles`")
            available = base.vagues or tuple(corpus.vagues)
            if d.vague not in available:
                if base.statut == "Obsolète":
                    yield P.problem(P.REF_SOCLE_OBSOLETE, pk.src,
                                    f"{d.id} picks {pk.id}, which is Obsolète ({base.src.path}:{base.src.line})")
                else:
                    yield P.problem(P.REF_SOCLE_VAGUE, pk.src,
                                    f"{d.id} ({d.vague}) picks {pk.id}, available only in {', '.join(available)}")
            elif base.statut == "Obsolète" and not base.vagues:
                yield P.problem(P.REF_SOCLE_OBSOLETE, pk.src, f"{d.id} picks {pk.id}, which is Obsolète")


@check
def socle_records(corpus: Corpus):
    for socle in corpus.socles.values():
        if socle.file is None:
            continue
        for code in socle.referentiels:
            if code not in corpus.referentiels:
                yield P.problem(P.REF_REFERENTIEL, socle.src, f"socle {socle.code} lists unknown référentiel {code}")
        for r in socle.requirements:
            for v in r.vagues:
                if v not in corpus.vagues:
                    yield P.problem(P.REF_PROGRAMME, Source(r.src.path, r.line_of("vagues")),
                                    f"{r.id} is available in unknown vague {v}")
            if r.remplace and r.remplace not in corpus.socle_requirements:
                yield P.problem(P.REF_SOCLE, Source(r.src.path, r.line_of("remplace")),
                                f"{r.id} replaces {r.remplace}, which no socle defines")
    for kind, path, line, ident in corpus.orphans:
        if kind == "socle":
            yield P.problem(P.REF_PROGRAMME, Source(path, line),
                            f"socle file declares {ident}: it must match the file name and be listed in referentiels.yaml")
        else:
            yield P.problem(P.REF_DISPOSITIF, Source(path, line),
                            f"{kind} file names dispositif {ident}, which programme.yaml does not declare"
                            + _closest(ident, corpus.dispositifs))


@check
def programme(corpus: Corpus):
    for v in corpus.vagues.values():
        if v.precedente and v.precedente not in corpus.vagues:
            yield P.problem(P.REF_PROGRAMME, v.src, f"vague {v.id} follows unknown vague {v.precedente}")
    prefixes: dict[tuple[str, str], str] = {}
    for d in corpus.dispositifs.values():
        if d.vague not in corpus.vagues:
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} belongs to unknown vague {d.vague}")
        if d.couloir not in corpus.couloirs:
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} belongs to unknown couloir {d.couloir}")
        if not d.id.startswith(f"{d.couloir}-") or not d.id.endswith(f"-{d.vague}"):
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} should be named {d.couloir}-<TYPE>-{d.vague}")
        for s in d.socles:
            if s not in corpus.socles:
                yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} lists unknown socle {s}" + _closest(s, corpus.socles))
        for prof in d.professions:
            if corpus.professions and prof not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, d.src, f"{d.id} lists unknown profession code {prof}")
        if d.precedent:
            prev = corpus.dispositifs.get(d.precedent)
            expected = corpus.vagues[d.vague].precedente if d.vague in corpus.vagues else None
            if prev is None:
                yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} follows unknown dispositif {d.precedent}")
            elif prev.vague != expected:
                yield P.problem(P.REF_PROGRAMME, d.src,
                                f"{d.id} ({d.vague}) follows {prev.id} ({prev.vague}), not of the previous vague {expected}")
        if d.file is None:
            yield P.problem(P.REF_DISPOSITIF_FILE, d.src, f"{d.id} has no file requirements/{d.vague}/{d.id}.yaml")
        key = (d.vague, d.prefixe)
        if key in prefixes and prefixes[key] != d.couloir:
            yield P.problem(P.ID_PREFIX, d.src, f"{d.id} reuses the prefix {d.prefixe} of another couloir in {d.vague}",
                            "give each dispositif of a vague its own requirement prefix")
        prefixes.setdefault(key, d.couloir)

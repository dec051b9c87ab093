"""Reference rules: profiles, référentiels, socles, programme codes; text hygiene."""
from __future__ import annotations

import difflib
import re

from .. import problems as P
from ..model import Corpus, Requirement
from ..problems import Source
from ..rem_import.cleaning import ENTITY_RE, TAG_RE
from . import check, local

BRACKET_RE = re.compile(r"\[([A-Z][A-Za-z0-9_-]*\d)\]")
DOIT_RE = re.compile(r"\b(?:DOIT|DOIVENT)\b")   # the duty, singular or plural
PEUT_RE = re.compile(r"\b(?:PEUT|PEUVENT)\b")
# real HTML tag names only: `<identifiant>` or `<NOM>` in a requirement text are placeholders, not HTML
HTML_RE = re.compile(f"{TAG_RE.pattern}|{ENTITY_RE.pattern}|\u00a0", re.IGNORECASE)


# how an orphan file is named in messages (corpus.orphans kinds)
_KIND_FR = {"dispositif": "d'exigences", "financement": "de financement", "scope": "de périmètre",
            "release": "de versions publiées"}


def _closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (vouliez-vous dire {match[0]} ?)" if match else ""


def _empty_fields(r: Requirement) -> list[str]:
    """What of a requirement is empty: its fields, its scenarios' texts, proofs."""
    out = [what for what in ("enonce", "bloc", "fonction") if not getattr(r, what).strip()]
    for s in r.scenarios:
        if not s.texte.strip():
            out.append(f"texte du scénario {s.id}")
        if not s.preuves:
            out.append(f"preuves du scénario {s.id}")
        out.extend(f"texte de la preuve {p.id}" for p in s.preuves if not p.texte.strip())
    return out


def _local(r: Requirement) -> str:
    """The id without the dispositif's prefix: what a row copied into several REMs shares."""
    return r.id.split(".", 1)[1]


def _across_text(r: Requirement, what: str) -> str:
    """The same text under the same local id in several REMs (e.g. a wave-1 requirement
    each REM carried): one text to fix, one problem."""
    if r.is_socle:
        return ""
    return f"{_local(r)} {what}, dans {{n}} REM ({{where}})\x00{' '.join(r.enonce.split())}"


def _across_empty(r: Requirement, empty: list[str]) -> str:
    """The same record (local id, section, bloc, fonction, texts) with the same cells empty
    in several REMs is one cause: a row copied into each REM (e.g. SSI/IE.41 in six)."""
    if r.is_socle:
        return ""
    local = _local(r)
    what = ", ".join(e.replace(r.id, local) for e in empty)
    same = "|".join((r.section, r.bloc, r.fonction, r.enonce))
    return f"{local} : vide : {what}, dans {{n}} REM ({{where}})\x00{same}"


class _Lazy:
    """The énoncé's location, looked up only when a problem needs it (most requirements have none)."""
    __slots__ = ("r",)

    def __init__(self, r: Requirement):
        self.r = r

    @property
    def line(self) -> int:
        return self.r.line_of("enonce")

    def source(self) -> Source:
        return Source(self.r.src.path, self.line)


def _content_problems(r: Requirement, corpus: Corpus):
    enonce = _Lazy(r)
    empty = _empty_fields(r)
    if empty:     # reported once per requirement, on its id line
        # the same cells empty on several requirements of one section: one omission, reported once
        kinds = ", ".join(dict.fromkeys(e.rsplit(" ", 1)[0] if " " in e else e for e in empty))
        yield P.problem(P.TEXT_EMPTY, Source(r.src.path, r.line_of("id")), f"{r.id} : vide : {', '.join(empty)}",
                        ids=(r.id,), across=_across_empty(r, empty),
                        group=f"{{n}} exigences de la section {r.section} : vide : {kinds} ({{ids}})")
    has_doit, has_peut = bool(DOIT_RE.search(r.enonce)), bool(PEUT_RE.search(r.enonce))
    if not r.enonce.strip() or r.statut == "Obsolète":
        # an empty text is TEXT-EMPTY's, not a wrong nature; an Obsolète record is not part
        # of the REM (nothing to implement): the wording of its duty is moot (like SCN-MISSING)
        pass
    elif r.nature == "Exigence" and not has_doit:
        yield P.problem(P.NATURE_VERB, enonce.source(), f"{r.id} est une Exigence mais son texte ne contient pas DOIT",
                        ids=(r.id,), across=_across_text(r, "est une Exigence mais son texte ne contient pas DOIT"))
    elif r.nature == "Préconisation" and (has_doit or not has_peut):
        why = "contient DOIT" if has_doit else "ne contient pas PEUT"
        yield P.problem(P.NATURE_VERB, enonce.source(), f"{r.id} est une Préconisation mais son texte {why}",
                        ids=(r.id,), across=_across_text(r, f"est une Préconisation mais son texte {why}"))
    cited = set(BRACKET_RE.findall(r.enonce))
    listed = set(r.referentiels)
    for code in sorted(cited | listed):
        if code not in corpus.referentiels:
            line = r.line_of("referentiels") if code in listed else enonce.line
            yield P.problem(P.REF_REFERENTIEL, Source(r.src.path, line),
                            f"{r.id} cite [{code}], que referentiels.yaml ne définit pas"
                            + _closest(code, corpus.referentiels))
    # one problem per code: the same code missing in many requirements of a file is one
    # cause, reported once for the file (build_tools/problem_groups.py)
    for code in sorted(cited - listed):
        yield P.problem(P.REF_REFERENTIEL_LIST, enonce.source(),
                        f"{r.id} cite {code} dans son texte mais pas dans referentiels", ids=(r.id,),
                        group=f"{{n}} exigences de ce fichier citent {code} dans leur texte mais pas dans "
                              f"referentiels ({{ids}})")
    for code in sorted(listed - cited):
        yield P.problem(P.REF_REFERENTIEL_LIST, Source(r.src.path, r.line_of("referentiels")),
                        f"{r.id} liste {code} sans le citer dans son texte", ids=(r.id,),
                        group=f"{{n}} exigences de ce fichier listent {code} dans referentiels sans le citer "
                              f"dans leur texte ({{ids}})")
    for what in ("enonce", "bloc", "fonction"):
        if _suspicious(getattr(r, what)):
            yield P.problem(P.TEXT_WHITESPACE, Source(r.src.path, r.line_of(what)),
                            f"{r.id} : {what} contient des espaces parasites, une espace insécable ou du HTML")
    for s in r.scenarios:
        for cid, text, line in ((s.id, s.texte, s.line), *((p.id, p.texte, p.line) for p in s.preuves)):
            if _suspicious(text):
                yield P.problem(P.TEXT_WHITESPACE, Source(r.src.path, line),
                                f"{cid} : le texte contient des espaces parasites, une espace insécable ou du HTML")


def _suspicious(text: str) -> bool:
    """Cheap test first; the regex only runs on texts that may hold HTML or stray spaces."""
    if not ("<" in text or "&" in text or "\u00a0" in text or text[:1].isspace() or text[-1:].isspace()):
        return False
    return bool(HTML_RE.search(text)) or text != text.strip()


@check
@local("socles", "dispositifs", context=lambda corpus: tuple(corpus.referentiels))
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
                    extra = " (indiquez `profils:` sur la reprise pour remplacer le profil du socle)" if rr.socle else ""
                    yield P.problem(P.REF_PROFILE, Source(rr.src.path, line),
                                    f"{rr.id} utilise le profil {prof!r}, non défini par {d.id}{extra}"
                                    + _closest(prof, names))


@check
def socle_picks(corpus: Corpus):
    for d in corpus.dispositifs.values():
        for pk in d.picks:
            sid = pk.id if pk.id.startswith("SC.") else "SC." + pk.id
            base = corpus.socle_requirements.get(sid)
            if base is None:
                closest = _closest(sid, corpus.socle_requirements)
                yield P.problem(P.REF_SOCLE, pk.src, f"{d.id} reprend {pk.id}, mais aucun socle ne définit {sid}"
                                + closest, ids=(pk.id,),
                                across=f"{{n}} REM ({{where}}) reprennent {pk.id}, mais aucun socle ne définit "
                                       f"{sid}{closest}")
                continue
            if pk.statut == "Obsolète":
                continue  # an évolution record of a dropped pick, not a pick
            if base.owner not in d.socles:
                yield P.problem(P.REF_SOCLE_UNLISTED, pk.src,
                                f"{d.id} reprend {pk.id} du socle {base.owner}, qu'il ne liste pas dans `socles`")
            available = base.vagues or tuple(corpus.vagues)
            if d.vague not in available:
                if base.statut == "Obsolète":
                    yield P.problem(P.REF_SOCLE_OBSOLETE, pk.src,
                                    f"{d.id} reprend {pk.id}, qui est Obsolète ({base.src.path}:{base.src.line})")
                else:
                    yield P.problem(P.REF_SOCLE_VAGUE, pk.src,
                                    f"{d.id} ({d.vague}) reprend {pk.id}, disponible seulement en {', '.join(available)}")
            elif base.statut == "Obsolète" and not base.vagues:
                yield P.problem(P.REF_SOCLE_OBSOLETE, pk.src, f"{d.id} reprend {pk.id}, qui est Obsolète")


@check
def socle_records(corpus: Corpus):
    for socle in corpus.socles.values():
        if socle.file is None:
            continue
        for code in socle.referentiels:
            if code not in corpus.referentiels:
                yield P.problem(P.REF_REFERENTIEL, socle.src, f"le socle {socle.code} liste un référentiel inconnu : {code}")
        for r in socle.requirements:
            for v in r.vagues:
                if v not in corpus.vagues:
                    yield P.problem(P.REF_PROGRAMME, Source(r.src.path, r.line_of("vagues")),
                                    f"{r.id} est disponible dans une vague inconnue : {v}")
            if r.remplace and r.remplace not in corpus.socle_requirements:
                yield P.problem(P.REF_SOCLE, Source(r.src.path, r.line_of("remplace")),
                                f"{r.id} remplace {r.remplace}, qu'aucun socle ne définit")
    for kind, path, line, ident in corpus.orphans:
        if kind == "socle":
            yield P.problem(P.REF_PROGRAMME, Source(path, line),
                            f"le fichier de socle déclare {ident} : ce code doit correspondre au nom du fichier et être listé dans referentiels.yaml")
        else:
            yield P.problem(P.REF_DISPOSITIF, Source(path, line),
                            f"le fichier {_KIND_FR.get(kind, kind)} nomme le dispositif {ident}, que programme.yaml ne déclare pas"
                            + _closest(ident, corpus.dispositifs))


@check
def programme(corpus: Corpus):
    for v in corpus.vagues.values():
        if v.precedente and v.precedente not in corpus.vagues:
            yield P.problem(P.REF_PROGRAMME, v.src, f"la vague {v.id} succède à une vague inconnue : {v.precedente}")
    prefixes: dict[tuple[str, str], str] = {}
    for d in corpus.dispositifs.values():
        if d.vague not in corpus.vagues:
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} appartient à une vague inconnue : {d.vague}")
        if d.couloir not in corpus.couloirs:
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} appartient à un couloir inconnu : {d.couloir}")
        if not d.id.startswith(f"{d.couloir}-") or not d.id.endswith(f"-{d.vague}"):
            yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} devrait s'appeler {d.couloir}-<TYPE>-{d.vague}")
        for s in d.socles:
            if s not in corpus.socles:
                yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} liste un socle inconnu : {s}" + _closest(s, corpus.socles))
        for prof in d.professions:
            if corpus.professions and prof not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, d.src, f"{d.id} liste un code de profession inconnu : {prof}")
        if d.precedent:
            prev = corpus.dispositifs.get(d.precedent)
            expected = corpus.vagues[d.vague].precedente if d.vague in corpus.vagues else None
            if prev is None:
                yield P.problem(P.REF_PROGRAMME, d.src, f"{d.id} succède à un dispositif inconnu : {d.precedent}")
            elif prev.vague != expected:
                yield P.problem(P.REF_PROGRAMME, d.src,
                                f"{d.id} ({d.vague}) succède à {prev.id} ({prev.vague}), qui n'est pas de la vague précédente {expected}")
        if d.file is None:
            yield P.problem(P.REF_DISPOSITIF_FILE, d.src, f"{d.id} n'a pas de fichier requirements/{d.vague}/{d.id}.yaml")
        key = (d.vague, d.prefixe)
        if key in prefixes and prefixes[key] != d.couloir:
            yield P.problem(P.ID_PREFIX, d.src, f"{d.id} réutilise le préfixe {d.prefixe} d'un autre couloir en {d.vague}",
                            "donnez à chaque dispositif d'une vague son propre préfixe d'exigence")
        prefixes.setdefault(key, d.couloir)

"""Build the immutable `Corpus` index from loaded files (one pass, no re-reading)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from . import model as M
from . import problems as P
from .loaders.corpus_files import LoadedFile
from .loaders.located_yaml import line_at
from .problems import Source
from .concertation.records import build_iterations
from .financing_builder import build_financement
from .rem_builder import RemAssembly, norm_text  # noqa: F401  (norm_text: read by the checks)


class _Where:
    """Sources inside one loaded YAML file, from its path -> line table."""

    __slots__ = ("path", "lines")

    def __init__(self, lf: LoadedFile):
        self.path, self.lines = lf.path, lf.lines

    def at(self, *p) -> Source:
        return Source(self.path, self.lines.get(p) or line_at(self.lines, p))

    def items(self, seq, *p) -> tuple:
        """((value, line), …) of a list at path p."""
        if not seq:
            return ()
        return tuple((str(v), self.lines.get(p + (i,), 0)) for i, v in enumerate(seq))


def _sections(w: _Where, data) -> dict:
    out = {}
    for i, s in enumerate(data.get("sections") or []):
        out.setdefault(s["code"], M.Section(s["code"], s["libelle"], w.at("sections", i)))
    return out


def _requirement(w: _Where, r, p: tuple, owner: str, is_socle: bool) -> M.Requirement:
    lines = w.lines
    path = w.path
    scenarios = []
    new, Proof, Scenario, get = tuple.__new__, M.Proof, M.Scenario, lines.get   # C-level tuple creation
    for i, s in enumerate(r.get("scenarios") or ()):
        sp = p + ("scenarios", i)
        pp = sp + ("preuves",)
        proofs = tuple([new(Proof, (x["id"], x["texte"], get(pp + (j,), 0))) for j, x in enumerate(s["preuves"])])
        scenarios.append(new(Scenario, (s["id"], s["texte"], proofs, get(sp, 0))))
    return M.Requirement(
        id=r["id"], section=r["section"], bloc=r["bloc"], fonction=r["fonction"],
        nature=r["nature"], criticite=r["criticite"], profils=tuple(r["profils"]),
        conditionnelle=r.get("conditionnelle"), enonce=r["enonce"],
        referentiels=tuple(r.get("referentiels") or ()), scenarios=tuple(scenarios),
        src=Source(path, lines.get(p, 0)), owner=owner, is_socle=is_socle, statut=r.get("statut"),
        id_precedent=r.get("id_precedent"), vagues=tuple(r.get("vagues") or ()),
        remplace=r.get("remplace"), a_retravailler=bool(r.get("a_retravailler", False)),
        note=r.get("note", ""), lines=lines, path=p,
    )


def _records(lf: LoadedFile, key: str):
    """(index, record) of a record list, skipping records that failed the schema."""
    for index, rec in enumerate(lf.data.get(key) or []):
        if (key, index) not in lf.bad_records:
            yield index, rec


def _dispositif_file(lf: LoadedFile, did: str) -> tuple[dict, tuple, tuple]:
    """Sections, own requirements and socle picks of a dispositif file."""
    w = _Where(lf)
    own = tuple(_requirement(w, r, ("exigences", i), did, False) for i, r in _records(lf, "exigences"))
    picks = tuple(M.Pick(p["id"], w.at("socle", i), tuple(p["profils"]) if "profils" in p else None,
                         p.get("conditionnelle"), p.get("statut"), p.get("id_precedent"))
                  for i, p in _records(lf, "socle"))
    return _sections(w, lf.data), own, picks




def _memo(pieces: dict | None, lf: LoadedFile, make):
    """What `make()` builds from one file alone, reused while the file's content is the same
    (`pieces`: a dict kept by a long-running caller, e.g. `segur serve`)."""
    if pieces is None:
        return make()
    key = (lf.path, lf.sha256)
    got = pieces.get(key)
    if got is None:
        got = pieces[key] = make()
    return got


def _programme(by_kind: dict, problems: list):
    """Vagues, couloirs, dispositif declarations (id -> (source, raw entry)), example flag."""
    vagues, couloirs, disp_raw = {}, {}, {}
    exemple = False
    for lf in by_kind.get("programme", []):
        d, w = lf.data, _Where(lf)
        exemple = bool(d.get("donnees_exemple", False))
        for i, v in enumerate(d["vagues"]):
            vagues[v["id"]] = M.Vague(v["id"], v["numero"], v["libelle"], v.get("periode", ""),
                                      v.get("objet", ""), v.get("precedente"), w.at("vagues", i))
        for i, c in enumerate(d["couloirs"]):
            couloirs[c["code"]] = M.Couloir(c["code"], c["libelle"], w.at("couloirs", i))
        for i, x in enumerate(d["dispositifs"]):
            if x["id"] in disp_raw:
                problems.append(P.problem(P.ID_DUP, w.at("dispositifs", i),
                                          f"le dispositif {x['id']} est déclaré deux fois"))
                continue
            disp_raw[x["id"]] = (w.at("dispositifs", i), x)
    return vagues, couloirs, disp_raw, exemple


def _referentiels(by_kind: dict) -> tuple[dict, dict]:
    referentiels, socles = {}, {}
    for lf in by_kind.get("referentiels", []):
        w = _Where(lf)
        for i, r in enumerate(lf.data["referentiels"]):
            referentiels.setdefault(r["code"], M.Referentiel(
                r["code"], r["titre"], r["version"], r["emetteur"], r.get("url", ""), w.at("referentiels", i)))
        for i, s in enumerate(lf.data["socles"]):
            socles.setdefault(s["code"], M.Socle(s["code"], s["titre"],
                                                 tuple(s.get("referentiels") or ()), w.at("socles", i)))
    return referentiels, socles


def _socle_files(by_kind: dict, socles: dict, orphans: list, pieces: dict | None) -> dict:
    """Socle requirements by id; each socle gets its file, sections and requirements."""
    socle_reqs: dict[str, M.Requirement] = {}
    for lf in by_kind.get("socle", []):
        code = lf.data["socle"]
        stem = PurePosixPath(lf.path).stem
        if code != stem or code not in socles:
            orphans.append(("socle", lf.path, lf.lines.get(("socle",), 1), code))
        w = _Where(lf)
        reqs, sections = _memo(pieces, lf, lambda: (
            tuple(_requirement(w, r, ("exigences", i), code, True) for i, r in _records(lf, "exigences")),
            _sections(w, lf.data)))
        for r in reqs:
            socle_reqs.setdefault(r.id, r)
        base = socles.get(code) or M.Socle(code, code, (), Source(lf.path, 1))
        socles[code] = replace(base, file=lf.path, sections=sections, requirements=reqs)
    return socle_reqs


def _rows(by_kind: dict, kind: str):
    for lf in by_kind.get(kind, []):
        header, table = lf.data
        for index, (line, row) in enumerate(table):
            if ("rows", index) not in lf.bad_records:
                yield lf, header, line, row


def _professions(by_kind: dict, problems: list) -> tuple[dict, dict, dict]:
    professions, groups, doctypes = {}, {}, {}
    for lf, _, line, row in _rows(by_kind, "professions"):
        professions.setdefault(row["code"], M.Profession(row["code"], row["libelle"], row["type"], Source(lf.path, line)))
    for lf, _, line, row in _rows(by_kind, "profession_groups"):
        groups.setdefault(row["groupe"], M.ProfessionGroup(
            row["groupe"], int(row["ordre"]), row["libelle"], tuple(row["professions"].split()),
            tuple(row["genres"].split()), Source(lf.path, line)))
    groups = dict(sorted(groups.items(), key=lambda kv: kv[1].ordre))
    for lf, _, line, row in _rows(by_kind, "document_types"):
        if row["type_code"] in doctypes:
            problems.append(P.problem(P.ID_DUP, Source(lf.path, line),
                                      f"le type de document {row['type_code']} est listé deux fois"))
            continue
        doctypes[row["type_code"]] = M.DocumentType(row["class_code"], row["class_libelle"], row["type_code"],
                                                    row["type_libelle"], row["origine"], Source(lf.path, line))
    return professions, groups, doctypes


def _habilitation(by_kind: dict, problems: list) -> M.Habilitation | None:
    habilitation = None
    for lf in by_kind.get("habilitation", []):
        header, table = lf.data
        cols = tuple(h for h in header if h != "type_code")
        hrows, hsrc = {}, {}
        for index, (line, row) in enumerate(table):
            if ("rows", index) in lf.bad_records:
                continue
            code = row["type_code"]
            hsrc.setdefault(code, []).append(Source(lf.path, line))
            hrows[code] = frozenset(c for c in cols if row.get(c, "").strip().upper() == "X")
        filled = {}
        for line, row in table:
            for c in cols:
                value = row.get(c, "").strip()
                if value:
                    filled[(row["type_code"], c)] = (value, Source(lf.path, line))
        habilitation = M.Habilitation(cols, hrows, hsrc, Source(lf.path, 1), filled)
    cell_sources = {}
    for lf, _, line, row in _rows(by_kind, "habilitation_sources"):
        key = (row["type_code"], row["groupe"])
        if key in cell_sources:
            problems.append(P.problem(P.MATRIX_SOURCE, Source(lf.path, line),
                                      f"la source de {key[0]} × {key[1]} est déjà donnée ligne {cell_sources[key].src.line}"))
            continue
        cell_sources[key] = M.CellSource(row["source"], row["reference"], Source(lf.path, line))
    if habilitation is not None and cell_sources:
        habilitation = replace(habilitation, sources=cell_sources)
    return habilitation


def _dispositif_files(by_kind: dict, disp_raw: dict, problems: list, orphans: list) -> dict[str, LoadedFile]:
    disp_files: dict[str, LoadedFile] = {}
    for lf in by_kind.get("dispositif", []):
        did = lf.data["dispositif"]
        folder, stem = PurePosixPath(lf.path).parent.name, PurePosixPath(lf.path).stem
        line = lf.lines.get(("dispositif",), 1)
        if did not in disp_raw:
            orphans.append(("dispositif", lf.path, line, did))
            continue
        expected_vague = disp_raw[did][1]["vague"]
        if did != stem or folder != expected_vague:
            problems.append(P.problem(P.REF_DISPOSITIF, Source(lf.path, line),
                                      f"le fichier de {did} devrait être requirements/{expected_vague}/{did}.yaml"))
        if did in disp_files:
            problems.append(P.problem(P.ID_DUP, Source(lf.path, line),
                                      f"le dispositif {did} a déjà le fichier {disp_files[did].path}"))
            continue
        disp_files[did] = lf
    return disp_files


def _financements(by_kind: dict, disp_raw: dict, orphans: list) -> dict:
    financements = {}
    for lf in by_kind.get("financement", []):
        f, w = lf.data, _Where(lf)
        if f["dispositif"] not in disp_raw:
            orphans.append(("financement", lf.path, lf.lines.get(("dispositif",), 1), f["dispositif"]))
            continue
        financements[f["dispositif"]] = build_financement(f, w.at)
    return financements


def _scopes(by_kind: dict, disp_raw: dict, orphans: list) -> dict:
    scopes = {}
    for lf in by_kind.get("scope", []):
        s, w = lf.data, _Where(lf)
        if s["dispositif"] not in disp_raw:
            orphans.append(("scope", lf.path, lf.lines.get(("dispositif",), 1), s["dispositif"]))
            continue
        services = tuple(M.Service(x["code"], x["socle"], x["libelle"], w.at("services", i))
                         for i, x in enumerate(s["services"]))
        profs = tuple(M.ScopeProfession(
            x["profession"], x.get("groupe"), x["libelle"],
            w.items(x.get("services"), "professions", i, "services"),
            w.items(x.get("services_a_definir"), "professions", i, "services_a_definir"),
            w.items(x.get("documents_produits"), "professions", i, "documents_produits"),
            w.items(x.get("documents_consultes"), "professions", i, "documents_consultes"),
            w.at("professions", i)) for i, x in enumerate(s["professions"]))
        scopes[s["dispositif"]] = M.Scope(s["dispositif"], PurePosixPath(lf.path).parent.name, services, profs,
                                          w.at())
    return scopes


def _dispositifs(disp_raw: dict, disp_files: dict, assembly: RemAssembly, financements: dict, scopes: dict,
                 pieces: dict | None) -> dict:
    """Every declared dispositif, built in vague order so that a precedent is built first."""
    vagues = assembly.vagues
    order = sorted(disp_raw, key=lambda i: (vagues[disp_raw[i][1]["vague"]].numero
                                            if disp_raw[i][1]["vague"] in vagues else 0))
    built: dict[str, M.Dispositif] = {}
    for did in order:
        disp_src, x = disp_raw[did]
        lf = disp_files.get(did)
        file_pieces = _memo(pieces, lf, lambda: _dispositif_file(lf, did)) if lf is not None else ({}, (), ())
        built[did] = assembly.dispositif(did, disp_src, x, file_pieces, lf.path if lf else None,
                                         built.get(x.get("precedent") or ""), (financements.get(did), scopes.get(did)))
    return {did: built[did] for did in disp_raw}


def build(root: str, files: list[LoadedFile], pieces: dict | None = None) -> tuple[M.Corpus, list[P.Problem]]:
    """The index of the loaded files. `pieces` (optional, kept between calls) holds the
    requirements, sections and picks built from each file: an unchanged file's are reused."""
    problems: list[P.Problem] = []
    by_kind: dict[str, list[LoadedFile]] = {}
    for lf in files:
        if lf.usable and lf.data is not None:
            by_kind.setdefault(lf.kind, []).append(lf)
    sha = {lf.path: lf.sha256 for lf in files}
    orphans: list = []
    vagues, couloirs, disp_raw, exemple = _programme(by_kind, problems)
    referentiels, socles = _referentiels(by_kind)
    socle_reqs = _socle_files(by_kind, socles, orphans, pieces)
    professions, groups, doctypes = _professions(by_kind, problems)
    habilitation = _habilitation(by_kind, problems)
    disp_files = _dispositif_files(by_kind, disp_raw, problems, orphans)
    financements = _financements(by_kind, disp_raw, orphans)
    scopes = _scopes(by_kind, disp_raw, orphans)
    dispositifs = _dispositifs(disp_raw, disp_files, RemAssembly(socles, socle_reqs, vagues, sha),
                               financements, scopes, pieces)
    corpus = M.Corpus(
        root=str(root), vagues=vagues, couloirs=couloirs, dispositifs=dispositifs,
        referentiels=referentiels, socles=socles, socle_requirements=socle_reqs,
        professions=professions, groups=groups, document_types=doctypes, habilitation=habilitation,
        scopes=scopes, financements=financements,
        files=tuple(M.SourceFile(lf.path, lf.kind, lf.sha256) for lf in files if lf.sha256),
        prose={lf.path[len("book/prose/"):-3]: lf.data for lf in by_kind.get("prose", [])},
        orphans=tuple(orphans), comments=build_iterations(by_kind), donnees_exemple=exemple,
        releases=_releases(by_kind.get("release", []), disp_raw, orphans))
    return corpus, problems


def _releases(files: list[LoadedFile], disp_raw: dict, orphans: list) -> dict:
    """Release records by dispositif; a record naming an unknown dispositif is an orphan."""
    out: dict[str, tuple[M.Release, ...]] = {}
    for lf in files:
        did, w = lf.data["dispositif"], _Where(lf)
        if did not in disp_raw or PurePosixPath(lf.path).stem != did:
            orphans.append(("release", lf.path, lf.lines.get(("dispositif",), 1), did))
            continue
        out[did] = tuple(M.Release(
            did, v["version"], v["date"], v["commit"], bool(v["pdf"]),
            tuple(M.ReleaseFile(f["chemin"], f["type"], f["octets"], f["sha256"]) for f in v["fichiers"]),
            v["contenu"], w.at("versions", i)) for i, v in enumerate(lf.data["versions"]))
    return out

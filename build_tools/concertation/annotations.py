"""`segur concertation import-annotations`: comments made on the site (hypothesis) ->
concertation/<IT>/comments.yaml, beside the comments of the grids.

Input: what the Hypothesis API's search endpoint returns, saved as is
(`{"total": n, "rows": [annotation, …]}`). Each annotation is mapped to a requirement
through its page (`uri`, looked up in the built site) and the requirement block
(`<div class="segur-req" id="<requirement id>">`) its passage falls in (RangeSelector,
then TextPositionSelector, then TextQuoteSelector; a resolved range is kept only when its
text is the quote). A reply (`references`) is recorded with the requirement of the
annotation it answers and `reponse_a` = that comment's id. Each annotation is recorded
once (its id is kept in `annotation`); an annotation outside every requirement is
reported with its page and quote, never dropped silently. The whole file is read and
checked before anything is recorded.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import problems as P
from ..model import Corpus
from ..problems import Source
from . import comment_id, iteration_number, norm
from .comments_store import CommentsStore
from .importer import ImportResult
from .site_text import PageText, find_quote, quote_matches, range_position, read_page

MAX_BYTES = 64 * 1024 * 1024
DISPOSITIF_PAGE = re.compile(r"(?:^|/)dispositifs/([^/]+)/([^/]+)\.html$")


class AnnotationsFileError(Exception):
    pass


@dataclass
class Placed:
    page: str = ""                  # site-relative path of the page ("" when not found)
    dispositif: str = ""
    exigence: str = ""
    quote: str = ""
    reason: str = ""                # why no requirement was found ("" when placed)


def read_export(path: Path) -> tuple[list[dict], str]:
    """The annotations of a search-API answer (rows), and the raw text (for line numbers)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AnnotationsFileError(f"fichier de plus de {MAX_BYTES // 1024 // 1024} Mo")
        raw = path.read_text("utf-8")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AnnotationsFileError(f"JSON illisible ({type(exc).__name__}: {exc})") from None
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise AnnotationsFileError("pas de liste `rows` : ce n'est pas une réponse de l'API de recherche d'hypothesis")
    for i, a in enumerate(rows, start=1):
        if not isinstance(a, dict):
            raise AnnotationsFileError(f"l'élément n°{i} de `rows` n'est pas une annotation (objet JSON attendu)")
        for key in ("id", "uri", "created", "user"):
            if not isinstance(a.get(key), str) or not a[key].strip():
                raise AnnotationsFileError(f"l'annotation n°{i} n'a pas de champ `{key}` (texte)")
        if _date(a["created"]) is None:
            raise AnnotationsFileError(f"annotation {a['id']} : date `created` illisible {a['created']!r}")
        if not isinstance(a.get("text", ""), str) or not isinstance(a.get("references", []), list) \
                or not isinstance(a.get("target", []), list):
            raise AnnotationsFileError(f"annotation {a['id']} : `text`, `references` ou `target` mal formé")
    return rows, raw


def _date(created: str) -> str | None:
    try:
        when = dt.datetime.fromisoformat(created.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.date().isoformat()


def _account(user: str) -> str:
    user = user.strip()
    return (user[5:] if user.startswith("acct:") else user).lower()


def read_organisations(path: Path) -> dict[str, str]:
    """`compte;organisation` CSV (UTF-8, header line) -> {account or user name: organisation}."""
    import csv
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationsFileError(f"table des organisations {path} illisible ({exc})") from None
    rows = list(csv.reader(lines, delimiter=";"))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["compte", "organisation"]:
        raise AnnotationsFileError(f"{path} : la première ligne doit être « compte;organisation »")
    out = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not norm(row[1]):
            raise AnnotationsFileError(f"{path}:{n} : compte ou organisation manquant")
        out[_account(row[0])] = norm(row[1])
    return out


def _who(a: dict, organisations: dict | None = None) -> tuple[str, str]:
    """(organisation, contact): the account's organisation from the table when given, else
    the display name (else the user name); the contact names the person and the account."""
    account = _account(a["user"])
    info = a.get("user_info") if isinstance(a.get("user_info"), dict) else {}
    display = norm(info.get("display_name") or "")
    orgs = organisations or {}
    org = orgs.get(account) or orgs.get(account.split("@")[0])
    if org:
        return org, f"{display} ({account})" if display else account
    return display or account.split("@")[0], account


def _selectors(a: dict) -> dict:
    out: dict = {}
    for target in a.get("target") or []:
        for s in (target.get("selector") or []) if isinstance(target, dict) else []:
            if isinstance(s, dict) and isinstance(s.get("type"), str):
                out.setdefault(s["type"], s)
    return out


def page_of(site: Path, uri: str) -> str:
    """The site-relative path of the page an annotation's `uri` designates ("" if none):
    the longest tail of the URL path that is a file of the site (any host, any prefix)."""
    path = unquote(urlsplit(uri.strip()).path)
    segs = [s for s in path.split("/") if s]
    if any(s in (".", "..") for s in segs):
        return ""
    if not segs or path.endswith("/"):
        segs.append("index.html")
    for i in range(len(segs)):
        rel = "/".join(segs[i:])
        if (site / rel).is_file():
            return rel
    return ""


def _span(page: PageText, sels: dict) -> tuple[int, int] | None:
    quote = sels.get("TextQuoteSelector") or {}
    exact = str(quote.get("exact") or "")
    pos = sels.get("TextPositionSelector") or {}
    try:
        hint = (int(pos["start"]), int(pos["end"]))
    except (KeyError, TypeError, ValueError):
        hint = None
    if "RangeSelector" in sels:
        span = range_position(page, sels["RangeSelector"])
        if span and (not exact or quote_matches(page, *span, exact)):
            return span
    if hint and 0 <= hint[0] < hint[1] <= len(page.text) and (not exact or quote_matches(page, *hint, exact)):
        return hint
    if exact:
        return find_quote(page, exact, str(quote.get("prefix") or ""), str(quote.get("suffix") or ""),
                          hint[0] if hint else None)
    return None


def place(corpus: Corpus, site: Path, pages: dict, a: dict) -> Placed:
    sels = _selectors(a)
    quote = str((sels.get("TextQuoteSelector") or {}).get("exact") or "")
    rel = page_of(site, a["uri"])
    if not rel:
        return Placed(quote=quote, reason=f"page {a['uri']} introuvable dans le site {site}")
    m = DISPOSITIF_PAGE.search(rel)
    d = corpus.dispositifs.get(m.group(2)) if m else None
    if d is None or d.vague != m.group(1):
        return Placed(rel, quote=quote, reason="page qui n'est pas celle d'un dispositif")
    if not sels:
        return Placed(rel, d.id, quote=quote, reason="note sur la page entière, sans passage sélectionné")
    if rel not in pages:
        pages[rel] = read_page(site / rel)
    span = _span(pages[rel], sels)
    if span is None:
        return Placed(rel, d.id, quote=quote, reason="passage introuvable dans la page (modifiée depuis l'annotation ?)")
    rid = pages[rel].requirement_of_span(*span)
    if not rid:
        return Placed(rel, d.id, quote=quote, reason="passage hors de toute exigence")
    return Placed(rel, d.id, rid, quote)


def _grid_ids(corpus: Corpus, iteration: str, did: str) -> set[str]:
    it = corpus.comments.get(iteration)
    ids = it.grid_ids(did) if it else None
    if ids is None:
        d = corpus.dispositifs[did]
        ids = {r.id for r in d.rem} | {r.id for r in d.obsoletes}
    return ids


def _line(raw: str, aid: str) -> int:
    at = raw.find(json.dumps(aid))
    return raw.count("\n", 0, at) + 1 if at >= 0 else 1


def _short(text: str, n: int = 120) -> str:
    text = norm(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _reply_place(a: dict, store: CommentsStore, outside: dict) -> tuple[Placed, dict | None]:
    """Where a reply goes: its parent's requirement (the parent recorded now or earlier)."""
    parent_id = str(a["references"][-1])
    parent = store.annotations.get(parent_id)
    if parent is not None:
        return Placed(parent.get("page", ""), parent["dispositif"], parent["exigence"]), parent
    where = outside.get(parent_id)
    why = (f"réponse à une annotation non enregistrée ({where.reason}, page {where.page or '?'}, "
           f"citation « {_short(where.quote)} »)" if where else
           f"réponse à l'annotation {parent_id}, absente de cet export et des commentaires enregistrés")
    return Placed(where.page if where else "", quote=where.quote if where else "", reason=why), None


def _record(iteration: str, a: dict, placed: Placed, parent: dict | None, name: str, line: int,
            organisations: dict | None) -> dict:
    org, contact = _who(a, organisations)
    text = (a.get("text") or "").strip()
    return {"id": comment_id(iteration, placed.dispositif, org, placed.exigence, text, a["id"]),
            "dispositif": placed.dispositif, "exigence": placed.exigence, "organisation": org,
            "contact": contact, "date": _date(a["created"]), "type": "remarque",
            "reponse_a": parent["id"] if parent else "", "citation": norm(placed.quote), "texte": text,
            "fichier": name, "ligne": line, "annotation": a["id"], "page": placed.page,
            "statut": "à traiter", "reponse": ""}


def import_annotations(corpus: Corpus, iteration: str, path: str | Path, site: str | Path, *,
                       dry_run: bool = False, organisations: str | Path | None = None) -> ImportResult:
    """`organisations`: optional `compte;organisation` table naming each reviewer's
    organisation (else a comment's organisation is the reviewer's display name)."""
    iteration_number(iteration)
    path, site = Path(path), Path(site)
    store = CommentsStore(corpus.root, iteration)
    res = ImportResult(store)
    shown = str(path)
    try:
        if not (site / "book").is_dir() and not any(site.glob("*.html")):
            raise AnnotationsFileError(f"site introuvable dans {site} : construisez-le (segur book) ou passez --site")
        rows, raw = read_export(path)
        orgs = read_organisations(Path(organisations)) if organisations else None
    except AnnotationsFileError as exc:
        res.problems.append(P.problem(P.CONC_ANNOTATIONS_FILE, Source(shown, 1), f"{exc} ; rien n'a été enregistré"))
        return res
    if orgs is not None:
        accounts = {_account(a["user"]) for a in rows}
        unknown = sorted(acc for acc in accounts if acc not in orgs and acc.split("@")[0] not in orgs)
        if unknown:
            res.notes.append(f"compte(s) absent(s) de {organisations} (organisation = nom affiché) : {', '.join(unknown)}")
    res.files_ok = 1
    pages: dict = {}
    outside: dict[str, Placed] = {}
    # parents before their replies (fewer references first), then by date
    for a in sorted(rows, key=lambda a: (len(a.get("references") or []), a["created"], a["id"])):
        src = Source(shown, _line(raw, a["id"]))
        text = (a.get("text") or "").strip()
        label = f"annotation {a['id']} de {_who(a, orgs)[0]} ({_date(a['created'])})"
        placed, parent = _reply_place(a, store, outside) if a.get("references") else (place(corpus, site, pages, a), None)
        if placed.reason:
            outside[a["id"]] = placed
            res.problems.append(P.problem(P.CONC_ANNOTATION, src,
                                          f"{label} sur {placed.page or a['uri']} : {placed.reason} ; citation : "
                                          f"« {_short(placed.quote)} » ; texte : « {_short(text)} »"))
        elif not text:
            outside[a["id"]] = Placed(placed.page, quote=placed.quote, reason="surlignage sans texte")
            res.problems.append(P.problem(P.CONC_ANNOTATION, src, f"{label} sur {placed.page} ({placed.exigence}) : "
                                                                 "surlignage sans texte, rien à enregistrer"))
        elif placed.exigence not in _grid_ids(corpus, iteration, placed.dispositif):
            outside[a["id"]] = Placed(placed.page, quote=placed.quote, reason=f"{placed.exigence} hors de la grille")
            res.problems.append(P.problem(P.CONC_UNKNOWN_ID, src,
                                          f"{label} : {placed.exigence} n'est pas dans la grille {iteration} de "
                                          f"{placed.dispositif} ; non enregistrée : « {_short(text)} »"))
        elif store.add(rec := _record(iteration, a, placed, parent, path.name, src.line, orgs)):
            res.added.append(rec)
        else:
            res.duplicates.append(rec)
            res.problems.append(P.problem(P.CONC_DUPLICATE, src, f"{label} : déjà enregistrée ; non ajoutée de nouveau"))
    if res.added and not dry_run:
        store.save()
    return res

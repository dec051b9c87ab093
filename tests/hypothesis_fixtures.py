"""Annotations in the Hypothesis search API's format, made in Chromium on our own built
pages: the selectors are computed in the browser's live DOM the way the hypothesis client
does (XPath of `tag[n]` steps relative to <body>, offsets in body.textContent, quote with
32 characters of context), so the importer is tested against what a reviewer's browser sends."""
from __future__ import annotations

SELECT_JS = r"""
([blockId, needle]) => {
  const root = document.body;
  const block = document.getElementById(blockId);
  const scope = block || root;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  let node = null, at = -1;
  while ((node = walker.nextNode())) { at = node.data.indexOf(needle); if (at >= 0) break; }
  if (!node) return null;
  const offsetIn = (top, target, off) => {
    const w = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
    let total = 0, t;
    while ((t = w.nextNode())) { if (t === target) return total + off; total += t.data.length; }
    return -1;
  };
  const xpath = (n) => {
    let path = "";
    while (n !== root) {
      let pos = 0;
      for (let s = n; s; s = s.previousSibling) if (s.nodeName === n.nodeName) pos += 1;
      path = n.nodeName.toLowerCase() + "[" + pos + "]/" + path;
      n = n.parentNode;
    }
    return ("/" + path).replace(/\/$/, "");
  };
  const text = root.textContent;
  const start = offsetIn(root, node, at), end = start + needle.length;
  const el = node.parentElement;
  const elStart = offsetIn(el, node, at);
  return {
    quote: {type: "TextQuoteSelector", exact: text.slice(start, end),
            prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32)},
    position: {type: "TextPositionSelector", start: start, end: end},
    range: {type: "RangeSelector", startContainer: xpath(el), startOffset: elStart,
            endContainer: xpath(el), endOffset: elStart + needle.length},
  };
}
"""


def selectors(page, block_id: str | None, needle: str) -> dict:
    """The three selectors of `needle` inside the element `block_id` (None: anywhere)."""
    found = page.evaluate(SELECT_JS, [block_id, needle])
    assert found, f"{needle!r} not found in #{block_id}"
    return found


def annotation(aid: str, uri: str, text: str, selectors_: list[dict] | None, *, user: str = "jdupont",
               name: str = "Jeanne Dupont (Éditeur Alpha)", created: str = "2025-05-14T08:30:00.000000+00:00",
               references: list[str] | None = None) -> dict:
    """One row as the search endpoint returns it (fields as documented by the API)."""
    target = {"source": uri}
    if selectors_:
        target["selector"] = selectors_
    row = {"id": aid, "created": created, "updated": created, "user": f"acct:{user}@hypothes.is", "uri": uri,
           "text": text, "tags": [], "group": "__world__",
           "permissions": {"read": ["group:__world__"], "admin": [f"acct:{user}@hypothes.is"],
                           "update": [f"acct:{user}@hypothes.is"], "delete": [f"acct:{user}@hypothes.is"]},
           "target": [target], "document": {"title": ["PARAMED-LGC-Va2"]},
           "links": {"html": f"https://hypothes.is/a/{aid}", "incontext": f"https://hyp.is/{aid}/x",
                     "json": f"https://hypothes.is/api/annotations/{aid}"},
           "user_info": {"display_name": name}, "flagged": False, "hidden": False}
    if references:
        row["references"] = references
    return row

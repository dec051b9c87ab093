"""The shared word-level diff: a one-word change in a long text stays visible."""
from build_tools.worddiff import inline, word_diff

LONG = ("Le système DOIT permettre au professionnel utilisateur de générer, à partir des données "
        "structurées du dossier patient, un volet de synthèse médicale conformément au volet du CI-SIS.")


def test_segments_rebuild_both_texts():
    new = LONG.replace("générer", "produire") + " Ajout."
    segs = word_diff(LONG, new)
    assert "".join(s.text for s in segs if s.op != "+") == LONG
    assert "".join(s.text for s in segs if s.op != "-") == new


def test_inline_shows_the_change_with_context_and_elides_the_rest():
    text = inline(LONG, LONG.replace("générer", "produire"))
    assert "[-générer,-]{+produire,+}" in text
    assert "utilisateur de [-" in text and "+} à partir des" in text
    assert "…" in text and "synthèse" not in text and len(text) < len(LONG)


def test_inline_shows_line_breaks_and_pure_additions():
    assert inline("a\nb", "a b") == "a[-⏎-]{+ +}b"
    assert inline("", "nouveau texte") == "{+nouveau texte+}"
    assert inline("même texte", "même texte") == "même texte"

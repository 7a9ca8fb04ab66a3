"""What notebooks show: escaping of input text and Danish formatting."""

from __future__ import annotations

import pandas as pd

from rus_analysis.report import present

EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_tables_escape_input_and_format_danish_numbers() -> None:
    df = pd.DataFrame({"tekst": [EVIL, "ok"], "antal": [12345, 7], "andel": [0.5, float("nan")]})
    html = str(present.table(df, caption="<b>x</b>"))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "12.345" in html and "0,50" in html and "–" in html


def test_long_tables_say_how_many_rows_are_left_out() -> None:
    html = str(present.table(pd.DataFrame({"a": range(70)}), max_rows=60))
    assert html.count("<tr>") == 61 and "10 rækker mere" in html


def test_lists_gaps_and_cards_escape_input() -> None:
    assert "<script>" not in str(present.bullet_list([EVIL]))
    gaps = pd.DataFrame({"theme_label": ["<i>t</i>"], "sentence": [EVIL]})
    html = str(present.gap_list(gaps))
    assert "<script>" not in html and "&lt;i&gt;t&lt;/i&gt;" in html
    statements = pd.DataFrame({
        "statement_id": ["s1"], "text": [EVIL], "source_type": ["survey"], "round": ["2025"],
        "municipality_code": ["0270"], "municipality_name": ["Gribskov"],
        "is_regional_actor": [False], "stakeholder_type": ["kommune"], "voice_id": ["v1"]})
    themes = pd.DataFrame({"theme_id": ["t1"], "label": ["<b>Tema</b>"], "kind": ["seeded"],
                           "description": [""], "top_terms": [["bus", "<tog>"]],
                           "quotes": [["s1"]]})
    assignments = pd.DataFrame({"statement_id": ["s1"], "theme_id": ["t1"], "rank": [0],
                                "score": [1.0]})
    card = str(present.theme_cards(themes, statements, assignments))
    assert "<script>" not in card and "<b>Tema" not in card and "<tog>" not in card
    # the speaker is named as a public body ("Gribskov Kommune"), never a private person
    assert "&lt;script&gt;" in card and "Gribskov Kommune, Spørgeskema, 2025" in card
    assert "1 udsagn" in card and "1 af 29 kommuner" in card


def test_escape_of_missing_values() -> None:
    assert present.esc(None) == "" and present.esc(float("nan")) == ""


def test_theme_cards_show_secondary_theme_links_above_the_small_cell_limit() -> None:
    # 8 statements: primary A with secondary B (6 of them) or C (2); 3 with primary B
    n = 11
    statements = pd.DataFrame({
        "statement_id": [f"s{i}" for i in range(n)], "text": ["tekst"] * n,
        "source_type": ["survey"] * n, "round": ["2025"] * n,
        "municipality_code": ["0270"] * n, "municipality_name": ["Gribskov"] * n,
        "is_regional_actor": [False] * n, "stakeholder_type": ["borger"] * n,
        "voice_id": [f"v{i}" for i in range(n)]})
    themes = pd.DataFrame({"theme_id": ["A", "B", "C"],
                           "label": ["Trafik", "Natur <og> miljø", "Sundhed"],
                           "kind": ["seeded"] * 3, "description": [""] * 3,
                           "top_terms": [[], [], []], "quotes": [[], [], []]})
    rows = [(f"s{i}", "A", 0, 0.7) for i in range(8)]
    rows += [(f"s{i}", "B", 1, 0.3) for i in range(6)]
    rows += [(f"s{i}", "C", 1, 0.25) for i in (6, 7)]
    rows += [(f"s{i}", "B", 0, 0.9) for i in (8, 9, 10)]
    assignments = pd.DataFrame(rows, columns=["statement_id", "theme_id", "rank", "score"])
    html = str(present.theme_cards(themes, statements, assignments, min_count=5))
    card = {c.split('id="tema-')[1][0]: c for c in html.split('<div class="rus-card"')[1:]}
    assert "Natur &lt;og&gt; miljø (6)" in card["A"]  # escaped, with the count
    assert "Sundhed" not in card["A"]  # 2 < min_count: not shown as a link
    assert "Sekundært tema i 6 udsagn" in card["B"]
    assert "Sammenhænge" not in card["C"]
    plain = str(present.theme_cards(themes, statements,
                                    assignments[assignments["rank"] == 0]))
    assert "Sammenhænge" not in plain


def test_quotes_name_organisations_and_public_bodies_never_private_persons() -> None:
    from rus_analysis.report.statements import speaker

    assert speaker("Bygherreforeningen", "brancheorganisation", None, True) == \
        "Bygherreforeningen"
    assert speaker("", "kommune", "Gribskov", False) == "Gribskov Kommune"
    assert speaker("Movia", "trafikselskab", None, True) == "Movia"
    # a citizen is never named, even when the organisation field holds a name
    assert speaker("Jens Hansen", "borger", "Gribskov", False) == "borger i Gribskov"
    assert speaker("Jens Hansen", "ukendt", None, False) == "afsender ukendt"
    assert speaker("", "ukendt", None, True) == "tværgående aktør"


def test_figure_html_has_the_one_button_toolbar_a_print_scale_and_a_fallback() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=["a"]), layout={"width": 1400})
    html = present.figure_html(fig, fallback="<table>tal</table>", print_fallback=True)
    assert '"displaylogo": false' in html and '"modeBarButtons": [["toImage"]]' in html
    assert '"locale": "da"' in html and "sendDataToCloud" not in html
    assert "--s:0.500" in html and "rus-print-fallback" in html
    assert '<div class="rus-fallback"><table>tal</table></div>' in html
    # a trace type the cartesian bundle lacks is refused, not drawn blank
    import pytest

    with pytest.raises(ValueError, match="cartesian"):
        present.figure_html(go.Figure(go.Table(cells={"values": [[1]]})))


def test_a_new_theme_says_which_strategy_theme_it_lies_nearest() -> None:
    statements = pd.DataFrame({
        "statement_id": ["s1", "s2"], "text": ["Boliger til unge", "Flere busser"],
        "source_type": ["survey"] * 2, "round": ["2025"] * 2,
        "municipality_code": ["0270"] * 2, "municipality_name": ["Gribskov"] * 2,
        "is_regional_actor": [False] * 2, "stakeholder_type": ["kommune"] * 2,
        "voice_id": ["v1", "v2"]})
    themes = pd.DataFrame({"theme_id": ["kollektiv_trafik", "E001"],
                           "label": ["Kollektiv trafik", "Boliger <og> unge"],
                           "kind": ["seeded", "emergent"], "description": ["Busser", ""],
                           "top_terms": [[], []], "quotes": [["s2"], ["s1"]],
                           "nearest_seed": ["", "kollektiv_trafik"]})
    assignments = pd.DataFrame({"statement_id": ["s1", "s2"], "theme_id": ["E001",
                                "kollektiv_trafik"], "rank": [0, 0], "score": [1.0, 1.0]})
    card = str(present.theme_cards(themes, statements, assignments))
    assert "ligger nærmest strategiens tema »Kollektiv trafik«" in card
    assert card.count("ligger nærmest") == 1          # only the new theme says it

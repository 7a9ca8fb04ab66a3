"""A group whose statements share no content word gets an honest label that says so (and,
for a sub-theme, names its theme), never "Uden betegnelse" or a word one statement used."""

from __future__ import annotations

import pandas as pd

from rus_analysis.themes.assign import scattered_subtheme_labels
from rus_analysis.themes.labels import ctfidf_terms, make_label, scattered_label


def test_a_group_without_a_shared_word_is_labelled_scattered() -> None:
    docs = [["cykelsti", "pendling"], ["cykelsti", "bro"], ["cykelsti", "pendling"],
            ["cykelsti", "bro"],
            ["nyhedsbrev"], ["websted"], ["paneler", "tagflade"], ["lokalpost"]]
    groups = ["a"] * 4 + ["b"] * 4
    terms = ctfidf_terms(docs, groups)
    assert [t for t, _ in terms["a"]][:1] == ["cykelsti"]
    assert terms["b"] == []        # no word in two of its statements: nothing to name
    assert make_label([t for t, _ in terms["a"]]).startswith("Cykelsti")
    assert make_label([t for t, _ in terms["b"]]) == "Spredte udsagn uden fælles ord"
    assert scattered_label("Cykler og broer") == \
        "Cykler og broer: spredte udsagn uden fælles ord"
    assert scattered_label() == make_label([])


def test_a_subtheme_without_terms_names_its_themes_final_label() -> None:
    subs = pd.DataFrame({"subtheme_id": ["E007.1", "E007.2", "klima.1"],
                         "theme_id": ["E007", "E007", "klima"],
                         "label": ["Usa", "", "Skybrud"],
                         "top_terms": [["usa"], [], ["skybrud"]], "size": [10, 7, 5]})
    themes = pd.DataFrame({"theme_id": ["E007", "klima"],
                           "label": ["Grænsependling over Øresund", "Klima"]})  # e.g. pinned
    out = scattered_subtheme_labels(subs, themes)
    assert list(out["label"]) == ["Usa",
                                  "Grænsependling over Øresund: spredte udsagn uden fælles ord",
                                  "Skybrud"]
    assert list(subs["label"]) == ["Usa", "", "Skybrud"]     # the input is not changed
    pd.testing.assert_frame_equal(scattered_subtheme_labels(subs.iloc[[0, 2]], themes),
                                  subs.iloc[[0, 2]])


def test_two_subthemes_of_one_theme_never_share_a_label() -> None:
    """Two scattered groups of one theme (seen on the demo: "Byudviklingsprojekter, huslejen
    og startboliger: spredte udsagn uden fælles ord" twice) are numbered largest first;
    the same label in another theme, and the input, are left as they are."""
    subs = pd.DataFrame({"subtheme_id": ["E003.2", "E003.1", "E003.3", "klima.1"],
                         "theme_id": ["E003", "E003", "E003", "klima"],
                         "label": ["", "", "Almene boliger", ""],
                         "top_terms": [[], [], ["almen"], []], "size": [13, 21, 10, 5]})
    themes = pd.DataFrame({"theme_id": ["E003", "klima"], "label": ["Boliger", "Klima"]})
    out = scattered_subtheme_labels(subs, themes)
    assert list(out["label"]) == ["Boliger: spredte udsagn uden fælles ord (2)",
                                  "Boliger: spredte udsagn uden fælles ord (1)",
                                  "Almene boliger", "Klima: spredte udsagn uden fælles ord"]
    shuffled = scattered_subtheme_labels(subs.iloc[[3, 2, 1, 0]], themes)
    assert dict(zip(shuffled["subtheme_id"], shuffled["label"], strict=True)) == \
        dict(zip(out["subtheme_id"], out["label"], strict=True))


def test_tied_labels_are_numbered_without_a_scattered_group() -> None:
    """Two sub-themes whose top terms tie share a label too: numbered as well."""
    subs = pd.DataFrame({"subtheme_id": ["klima.1", "klima.2"], "theme_id": ["klima"] * 2,
                         "label": ["Skybrud og kyst"] * 2,
                         "top_terms": [["skybrud"], ["skybrud"]], "size": [4, 9]})
    themes = pd.DataFrame({"theme_id": ["klima"], "label": ["Klima"]})
    out = scattered_subtheme_labels(subs, themes)
    assert list(out["label"]) == ["Skybrud og kyst (2)", "Skybrud og kyst (1)"]

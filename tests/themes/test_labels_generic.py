"""Theme labels name topics, not the generic words a small group can rank high."""

from __future__ import annotations

from rus_analysis.themes.labels import is_generic, label_terms, make_label


def test_generic_words_are_skipped_in_labels() -> None:
    assert make_label(["måde", "rejser", "behøver", "fly", "hotel"]) == "Rejser, fly og hotel"
    assert make_label(["kollektiv trafik", "bus", "metro"]) == "Kollektiv trafik, bus og metro"
    assert is_generic("stor") and is_generic("høj frekvens") is False


def test_a_label_of_only_generic_words_keeps_them() -> None:
    assert label_terms(["stor", "høj"]) == ["stor", "høj"]
    assert make_label([]) == "Spredte udsagn uden fælles ord"

"""A consultation letter printed in two columns, as newsletters and position papers are.

pypdf's layout text keeps the two columns' lines side by side, so without
``layout.split_columns`` each paragraph came out as both columns woven together: one
statement about two topics. The sentences are real, quoted verbatim from FLORES-200
Danish as annotated in SIB-200 (Adelani et al.; text CC BY-SA 4.0; index ids below);
the layout and the sender are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rus_analysis.config import load_config
from rus_analysis.ingest.layout import split_columns
from rus_analysis.pipeline import run_pipeline
from support import CONFIG

LEFT = {  # travel
    1785: "Forhåndsreservation giver den rejsende ro i sindet, om at de har et sted at sove, "
          "når de ankommer til deres destination.",
    958: "Ingen sammenslutning af flyselskaber dækker alle tre oceankrydsninger på den "
         "sydlige halvkugle (og SkyTeam dækker ikke nogen af dem).",
}
RIGHT = {  # health
    1202: "Ifølge søgsmålet var affald fra FN-lejren ikke renset korrekt, hvilket forårsagede "
          "at bakterier flød ind i bifloden til Artibonite-floden, en af Haiti's største "
          "floder.",
    1009: "I PALM-forsøget fungerede ZMapp som kontrol, hvilket betyder, at forskerne brugte "
          "den som en basislinje og sammenlignede de tre andre behandlinger med den.",
}


def _two_column_letter(path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Høringssvar om den regionale udviklingsstrategi fra Dansk Rejseforum")
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(88, 6, " ".join(LEFT.values()))
    bottom = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.multi_cell(88, 6, " ".join(RIGHT.values()))
    pdf.set_xy(10, max(bottom, pdf.get_y()) + 8)
    pdf.multi_cell(0, 6, "Vi ser frem til at deltage i det videre arbejde med strategien, "
                         "som vi finder meget vigtigt for hele regionen og dens borgere.")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    rd = tmp_path_factory.mktemp("twocol") / "T1"
    rd.mkdir()
    _two_column_letter(rd / "hoeringssvar_rejseforum.pdf")
    (rd / "manifest.yaml").write_text(
        'round: "T1"\nsources:\n  - {file: hoeringssvar_rejseforum.pdf, type: written, '
        'name: Høringssvar, organisation: Dansk Rejseforum}\n', encoding="utf-8")
    cfg = load_config(CONFIG, overrides={"paths": {"state": str(rd.parent / "state")}})
    return run_pipeline(cfg, [rd], until="clean")


def test_each_column_is_read_as_its_own_paragraphs(run) -> None:  # noqa: ANN001
    texts = [" ".join(t.split()) for t in run.statements["text"]]
    joined = "\n".join(texts)
    for sentence in [*LEFT.values(), *RIGHT.values()]:
        assert sentence in joined, sentence              # every sentence whole, in order
    for t in texts:                                       # no statement mixes the columns
        assert not (any(s[:30] in t for s in LEFT.values())
                    and any(s[:30] in t for s in RIGHT.values())), t
    assert any("Vi ser frem til at deltage" in t for t in texts)   # full width, after both


def test_the_column_reading_is_reported(run) -> None:  # noqa: ANN001
    pr = run.problems
    hit = pr[pr["code"] == "pdf_columns"]
    assert len(hit) == 1 and hit["locator"].iloc[0] == "page=1"
    assert (hit["severity"] == "info").all()


def test_a_page_in_one_column_is_left_as_it_is() -> None:
    page = ("Høringssvar fra Gribskov Kommune\n\nVi foreslår flere natbusser i yderområderne,\n"
            "så unge kan komme hjem fra deres uddannelse.\n\n    Med venlig hilsen\n")
    assert split_columns(page) == (page, None)
    # aligned numbers in a short table are no second column
    table = "Kommune      Udsagn\nGribskov         12\nHillerød          9\n"
    assert split_columns(table)[1] is None


def test_a_form_keeps_its_labels_next_to_their_values() -> None:
    """Labels and values in two aligned columns are a form, not two columns of text:
    split, "Navn:" would lose the name it labels (and the field redaction with it)."""
    form = ("Høringssvar til Region Hovedstaden\n\n"
            "Navn:                     Kenneth Madsen\n"
            "Kommune:                  Gribskov Kommune\n"
            "Organisation:             Privat\n"
            "Høringssvar:              Jeg ønsker flere busser i Helsinge om aftenen, så mine\n"
            "                          børn kan komme hjem fra fritidsjob og uddannelse uden\n"
            "                          bil.\n")
    assert split_columns(form) == (form, None)


def test_a_closing_below_the_columns_stays_below_both() -> None:
    left = ["Region Hovedstaden bør prioritere den kollektive", "trafik i yderkommunerne højt,",
            "så unge kan komme til deres uddannelse uden bil.", "Busserne skal køre oftere."]
    right = ["Grundvandet skal beskyttes mod forurening fra", "landbruget, og regionen bør",
             "kortlægge de jordforureninger, der truer", "drikkevandet i Nordsjælland."]
    page = "\n".join([*(f"{a:<56}{b}" for a, b in zip(left, right, strict=True)),
                      "", "Med venlig hilsen", "", "Jens Hansen", "Formand"])
    out, column = split_columns(page)
    assert column == 56
    lines = [ln for ln in out.split("\n") if ln.strip()]
    assert lines == [*left, *right, "Med venlig hilsen", "Jens Hansen", "Formand"]

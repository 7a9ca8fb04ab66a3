"""The one writer of ``data/processed``: the same files from every command, the personal-data
check, the metadata written last, and the reader that refuses an incomplete set."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rus_analysis.config import Config
from rus_analysis.pipeline import run_pipeline, write_run
from rus_analysis.processed import (
    EXCEL_FILE,
    META_FILE,
    RUN_TABLES,
    PersonalDataError,
    RunTables,
    read_meta,
    read_processed,
)
from rus_analysis.runmeta import RunMeta
from support import FIXTURES, POSTIT_MANIFEST, write_round

PRIVATE_ROUND = FIXTURES / "private_round" / "2027"


def _round(tmp_path: Path) -> Path:
    return write_round(tmp_path / "r1", {"postits.csv":
        "bord,overskrift,tekst,kommune\n1,Trafik,Flere busser til Helsinge,Gribskov\n"
        "1,Trafik,\"=HYPERLINK(\"\"http://x\"\",\"\"klik\"\") flere cykelstier\",\n"
        "2,Vand,Rent grundvand i Hillerød,Hillerød\n2,Vand,-,\n"}, POSTIT_MANIFEST)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config) -> RunTables:
    rnd = _round(tmp_path_factory.mktemp("round"))
    return run_pipeline(lexical_cfg, [rnd])


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def test_every_command_writes_the_same_files(small: RunTables, lexical_cfg: Config,
                                             tmp_path: Path) -> None:
    full = tmp_path / "full"
    write_run(small, full)
    ingest_only = run_pipeline(lexical_cfg, [_round(tmp_path)], until="clean")
    partial = tmp_path / "ingest"
    write_run(ingest_only, partial)
    assert _files(full) == _files(partial)
    expected = {f"{n}.parquet" for n in RUN_TABLES} | {META_FILE, EXCEL_FILE, "accounting.csv"}
    assert expected <= _files(full)
    assert any(n.startswith("coverage_") for n in _files(full))
    # the ingest-only run says which stages ran and has empty theme tables with columns
    meta = read_meta(partial)
    assert meta is not None and meta.stages == ("ingest", "clean")
    back = read_processed(partial)
    assert len(back.assignments) == 0 and "theme_id" in back.assignments.columns
    assert len(back.statements) == len(small.statements)


def test_tables_read_back_equal(small: RunTables, tmp_path: Path) -> None:
    write_run(small, tmp_path)
    back = read_processed(tmp_path)
    for name in RUN_TABLES:
        pd.testing.assert_frame_equal(getattr(back, name).reset_index(drop=True),
                                      getattr(small, name).reset_index(drop=True),
                                      check_dtype=False, obj=name)
    assert back.meta == small.meta


def test_workbook_sheets_and_formula_text(small: RunTables, tmp_path: Path) -> None:
    write_run(small, tmp_path)
    wb = load_workbook(tmp_path / EXCEL_FILE)
    assert wb.sheetnames[:3] == ["Om arbejdsbogen", "Udsagn", "Temaer"]
    assert "Tema x kommune" in wb.sheetnames
    col = [c.value for c in wb["Udsagn"][1]].index("tekst") + 1
    cells = [c for c in next(wb["Udsagn"].iter_cols(min_col=col, max_col=col))
             if str(c.value).startswith("=HYPERLINK")]   # as typed: text, not a formula
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]


def test_refuses_personal_data_and_writes_nothing(small: RunTables, tmp_path: Path) -> None:
    leaky = dataclasses.replace(small, statements=small.statements.assign(
        text="skriv til a@b.dk"))
    with pytest.raises(PersonalDataError, match="statements.*text"):
        write_run(leaky, tmp_path)
    assert not list(tmp_path.glob("*.parquet"))


def test_metadata_is_the_commit_mark(small: RunTables, tmp_path: Path) -> None:
    write_run(small, tmp_path)
    assert read_meta(tmp_path) == small.meta
    (tmp_path / "themes.parquet").unlink()  # an interrupted write
    assert read_meta(tmp_path) is None
    with pytest.raises(FileNotFoundError, match="no complete set"):
        read_processed(tmp_path)


def test_run_meta_round_trips_as_typed_values(small: RunTables) -> None:
    meta = RunMeta.from_json(small.meta.to_json())
    assert meta == small.meta
    assert isinstance(meta.rounds, tuple) and isinstance(meta.min_cell, int)
    assert {f.path for f in meta.fingerprint.inputs} == {"manifest.yaml", "postits.csv"}
    with pytest.raises(ValueError):
        RunMeta.from_json('{"version": 1}')


def _lock_free(folder: Path, exclusive: bool) -> bool:
    """Could another process take the folder's lock right now? (non-blocking probe)"""
    import fcntl

    with open(folder / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def test_tables_are_written_under_the_write_lock_and_read_under_a_read_lock(
        small: RunTables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader can never combine one run's metadata with another run's tables: while the
    tables are written no one may read, and while they are read no one may write."""
    import rus_analysis.processed as processed

    seen: list[tuple[str, bool]] = []
    real_write, real_read = processed.write_parquet, pd.read_parquet

    def write(df: pd.DataFrame, path: Path) -> Path:
        seen.append(("write", _lock_free(tmp_path, exclusive=False)))
        return real_write(df, path)

    def read(path: Path, *a: object, **k: object) -> pd.DataFrame:
        seen.append(("read", _lock_free(tmp_path, exclusive=True)))
        return real_read(path, *a, **k)

    monkeypatch.setattr(processed, "write_parquet", write)
    write_run(small, tmp_path)
    monkeypatch.setattr(processed.pd, "read_parquet", read)
    read_processed(tmp_path)
    assert seen and not any(free for _, free in seen)     # always held
    assert {kind for kind, _ in seen} == {"write", "read"}
    assert _lock_free(tmp_path, exclusive=True)           # and released afterwards


def test_reading_a_missing_or_half_written_folder_is_a_clear_error(
        small: RunTables, tmp_path: Path) -> None:
    """No folder: an error naming it, and no folder created by the read; tables without
    their metadata (a run that stopped half-way): the same error, never old metadata
    paired with other tables."""
    with pytest.raises(FileNotFoundError, match="no complete set of processed tables"):
        read_processed(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()
    write_run(small, tmp_path / "run")
    (tmp_path / "run" / "run_meta.json").unlink()
    with pytest.raises(FileNotFoundError, match="run `rus-analysis report`"):
        read_processed(tmp_path / "run")


def test_two_threads_exclude_each_other_and_an_upgrade_is_refused(tmp_path: Path) -> None:
    """The lock works between threads of one process as between processes (a notebook
    kernel or a scheduler may use threads), and a reader that asks to write while it
    reads gets an error instead of waiting for itself."""
    import threading
    import time

    from rus_analysis.processed import folder_lock

    inside: list[str] = []
    overlap: list[bool] = []

    def writer(name: str) -> None:
        with folder_lock(tmp_path, exclusive=True):
            overlap.append(bool(inside))
            inside.append(name)
            time.sleep(0.05)
            inside.remove(name)

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlap == [False] * 4
    with folder_lock(tmp_path, exclusive=False), folder_lock(tmp_path, exclusive=False), \
            pytest.raises(RuntimeError, match="write lock"), \
            folder_lock(tmp_path, exclusive=True):
        pass
    with folder_lock(tmp_path, exclusive=True), folder_lock(tmp_path, exclusive=False):
        pass  # a writer may read what it writes


def _readable_texts(path: Path) -> list[str]:
    """A file's bytes as text, and what a reader decodes from it (a Parquet table as CSV,
    the XML inside a workbook), as ``benchmarks/leak_scan.py`` reads them."""
    out = [path.read_bytes().decode("utf-8", "replace")]
    if path.suffix == ".parquet":
        out.append(pd.read_parquet(path).astype(str).to_csv(index=False))
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            out += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    return out


@pytest.fixture(scope="module")
def private_run(lexical_cfg: Config) -> RunTables:
    return run_pipeline(lexical_cfg, [PRIVATE_ROUND], until="clean")


def test_the_run_s_private_names_reach_no_file(private_run: RunTables, tmp_path: Path) -> None:
    """The names the run redacted with are personal data: in memory for the checks,
    never in a table, the metadata or the workbook; tables read back carry none."""
    names = private_run.private_names
    assert {"Kenneth Madsen", "Sara Friis", "Tommy Kristoffersen"} <= names
    write_run(private_run, tmp_path)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {META_FILE, EXCEL_FILE, "statements.parquet"}
    # each name as written, in any case and spacing ("hoeringssvar_kenneth_madsen.txt",
    # the fixture's file name, is provenance, not the name)
    found = [re.compile(r"(?i)(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)")
             for n in names]
    for path in files:
        for text in _readable_texts(path):
            assert [p.pattern for p in found if p.search(text)] == [], path.name
    back = read_processed(tmp_path)
    assert back.private_names == frozenset()
    assert not any(name in repr(private_run) for name in names)


def test_the_check_looks_for_the_run_s_names(private_run: RunTables, tmp_path: Path) -> None:
    """A name of the run that no pattern sees is refused with the run's list; without
    the list (tables read back from disk) only the patterns apply."""
    leaky = dataclasses.replace(private_run, statements=private_run.statements.assign(
        text="Tommy Kristoffersen fortalte om cykelstien."))
    with pytest.raises(PersonalDataError, match="statements.*text.*NAVN"):
        write_run(leaky, tmp_path / "with")
    assert not list((tmp_path / "with").glob("*.parquet"))
    write_run(dataclasses.replace(leaky, private_names=frozenset()), tmp_path / "without")

"""Atomic writes: a failed write leaves the previous file and no temporary file."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.atomic import write_bytes, write_parquet


def test_failed_write_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "t.parquet"
    write_parquet(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()

    class Boom(pd.DataFrame):
        def to_parquet(self, *a: object, **k: object) -> None:  # type: ignore[override]
            raise OSError("disk full")

        def reset_index(self, *a: object, **k: object) -> Boom:  # type: ignore[override]
            return self

    with pytest.raises(OSError):
        write_parquet(Boom({"a": [2]}), target)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["t.parquet"]


def test_write_bytes_replaces_whole_file(tmp_path: Path) -> None:
    target = write_bytes(tmp_path / "run_meta.json", b'{"a": 1}')
    write_bytes(target, b'{"a": 22}')
    assert target.read_bytes() == b'{"a": 22}'
    assert sorted(os.listdir(tmp_path)) == ["run_meta.json"]


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    from rus_analysis import atomic

    target = write_bytes(tmp_path / "rapport.html", b"<html></html>")
    expected = 0o666 & ~atomic._umask()
    assert target.stat().st_mode & 0o777 == expected != 0o600  # not only its writer

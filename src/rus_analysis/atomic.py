"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Why: analysts, notebooks and the report stage read ``data/processed``, ``data/state`` and
``reports`` while a scheduled run may be writing them, and a run can be interrupted. Every
file is written to a temporary file in the same folder and moved into place with
``os.replace`` (atomic on one file system); a failed write removes its temporary file and
leaves the previous file intact. One implementation for every writer of the project.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then move it onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file (mkstemp makes it 0600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


_UMASK: int | None = None


def _umask() -> int:
    """The process's umask, read once (reading it means setting it, which is not safe
    while other threads create files)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return _UMASK


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Atomically write raw bytes."""
    return atomic_write(path, lambda p: p.write_bytes(data))


def write_text(path: str | Path, text: str) -> Path:
    """Atomically write UTF-8 text."""
    return write_bytes(path, text.encode("utf-8"))


def write_parquet(df: pd.DataFrame, path: str | Path) -> Path:
    """Atomically write one table as Parquet (pyarrow, no index)."""
    return atomic_write(path, lambda p: df.reset_index(drop=True).to_parquet(
        p, index=False, engine="pyarrow"))

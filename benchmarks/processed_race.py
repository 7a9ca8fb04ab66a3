"""Two runs written into one processed folder while a third process reads it (not a test).

    PYTHONPATH=src .venv/bin/python benchmarks/processed_race.py RUN_A RUN_B [--seconds 40]

RUN_A and RUN_B are processed folders of two different runs (e.g. ``data/processed`` of
the demo and of another round). Two writer processes copy them, 15 times each, into one
temporary folder with the one writer (``write_run``); the reader reads it with
``read_processed`` for ``--seconds`` and counts reads that are consistent (the tables'
rounds equal the metadata's, every assignment's statement and theme exist), reads that
mix two runs, and reads that fail. The folder lock should give 0 mixed and 0 failed.
Why not a test: it depends on timing and load, so it measures; it never asserts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import sys
from pathlib import Path
from rus_analysis.pipeline import write_run
from rus_analysis.processed import read_processed
tables = read_processed(sys.argv[1])
for _ in range(int(sys.argv[3])):
    write_run(tables, Path(sys.argv[2]))
"""


def read_loop(folder: Path, seconds: float) -> tuple[int, int, int]:
    """(consistent, mixed, failed) reads of ``folder`` during ``seconds``."""
    from rus_analysis.processed import read_processed

    ok = mixed = failed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            t = read_processed(folder)
        except Exception:  # noqa: BLE001 - every failure is counted, that is the point
            failed += 1
            continue
        same = set(t.statements["round"].unique()) == set(t.meta.rounds)
        linked = (t.assignments["statement_id"].isin(t.statements["statement_id"]).all()
                  and set(t.assignments["theme_id"]) <= set(t.themes["theme_id"]))
        ok, mixed = (ok + 1, mixed) if same and linked else (ok, mixed + 1)
    return ok, mixed, failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_a", type=Path)
    ap.add_argument("run_b", type=Path)
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--writes", type=int, default=15)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "processed"
        subprocess.run([sys.executable, "-c", WRITER, str(args.run_a), str(dst), "1"],
                       check=True)
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(src), str(dst),
                                     str(args.writes)]) for src in (args.run_a, args.run_b)]
        ok, mixed, failed = read_loop(dst, args.seconds)
        for w in writers:
            w.wait()
    print(f"reads: {ok} consistent, {mixed} mixing two runs, {failed} failed "
          f"({args.seconds:.0f} s, 2 writers x {args.writes} writes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

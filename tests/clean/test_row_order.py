"""Same input in another row order -> the same themes for every text.

Why this is a test of its own: a statement_id is a hash of the row's locator, so
reordering the rows of a survey export or a post-it table (a survey tool sorts by date, an
analyst re-sorts in Excel) changes every id. When the representative of a duplicate group
was its smallest id, the row order decided which wording represented "Flere busser" /
"Flere busser!" and through it the themes (the reviewer's shuffle moved 247 of 932
statements to another theme). The demo files are shuffled record by record (a quoted
answer spanning two lines stays whole) in a copy, and both copies run ingest -> themes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.config import Config, load_config
from rus_analysis.pipeline import run_pipeline
from support import CONFIG, DEMO

SHUFFLED = ("aarligt_dialogmoede_2025-02-27_postits.csv",
            "spoergeskema_aarligt_dialogmoede_2025.csv")


def _csv_records(raw: bytes) -> list[bytes]:
    """Physical lines joined into records: a line with an odd number of quotes opens (or
    closes) a quoted field that continues on the next line. Bytes, so the file's own
    (mixed) encoding is kept as it is."""
    records: list[bytes] = []
    open_quote = False
    for line in raw.split(b"\n"):
        if open_quote:
            records[-1] += b"\n" + line
        else:
            records.append(line)
        if line.count(b'"') % 2:
            open_quote = not open_quote
    return records


def _shuffle_rows(path: Path, seed: int) -> None:
    records = _csv_records(path.read_bytes())
    trailing = records[-1] == b""
    header, body = records[0], records[1:-1] if trailing else records[1:]
    assert len(body) > 20, f"{path.name}: too few rows to shuffle"
    shuffled = body[:]
    random.Random(seed).shuffle(shuffled)
    assert shuffled != body
    path.write_bytes(b"\n".join([header, *shuffled, *([b""] if trailing else [])]))


def _config(base: Path, raw: Path) -> Config:
    return load_config(CONFIG, overrides={"paths": {"raw": str(raw),
                                                    "rounds": [],
                                                    "processed": str(base / "processed"),
                                                    "state": str(base / "state"),
                                                    "cache": str(base / "cache")},
                                          "nlp": {"embedding_backend": "lexical"}})


def _themes_per_text(cfg: Config) -> tuple[dict[str, tuple[str, ...]], pd.DataFrame]:
    t = run_pipeline(cfg)
    first = t.assignments[t.assignments["rank"] == 0][["statement_id", "theme_id"]]
    label = dict(zip(t.themes["theme_id"], t.themes["label"], strict=True))
    m = t.statements[["statement_id", "text"]].merge(first, on="statement_id")
    m["label"] = m["theme_id"].map(label)
    per_text = m.groupby("text")["label"].agg(lambda s: tuple(sorted(s.astype(str))))
    return per_text.to_dict(), t.statements


@pytest.mark.parametrize("seed", [7])
def test_shuffled_rows_give_the_same_primary_theme_per_text(tmp_path: Path, seed: int) -> None:
    runs = {}
    for variant in ("orig", "shuf"):
        raw = tmp_path / variant / "raw"
        shutil.copytree(DEMO / "2025", raw / "2025")
        if variant == "shuf":
            for name in SHUFFLED:
                _shuffle_rows(raw / "2025" / name, seed)
        runs[variant] = _themes_per_text(_config(tmp_path / variant, raw))
    (orig, st_o), (shuf, st_s) = runs["orig"], runs["shuf"]
    # the shuffle really changed the ids, and nothing was lost or invented
    assert set(st_o["statement_id"]) != set(st_s["statement_id"])
    assert sorted(st_o["text"]) == sorted(st_s["text"])
    # the same representative wording of every duplicate group ...
    reps_o = set(st_o.loc[st_o["is_representative"].astype(bool), "text"])
    reps_s = set(st_s.loc[st_s["is_representative"].astype(bool), "text"])
    assert reps_o == reps_s
    # ... and so the same primary theme for every text
    changed = {t: (orig[t], shuf[t]) for t in orig if orig[t] != shuf.get(t)}
    assert not changed, f"{len(changed)} of {len(orig)} texts changed theme: " \
                        f"{list(changed.items())[:3]}"

"""Position and tone against every answer key we have, with 95 % bootstrap intervals.

Default: the demo (rounds 2022-23 and 2025) against its truth file. The truth
(``data/raw/demo/truth/statements.csv``, column ``position``) holds each planted statement's
intended position, annotated by hand before any classifier existed (guideline in
``data/raw/demo/README.md``). A truth row is matched to the statement that starts with its
snippet in the same file (at its locator when that is unique). Round 2022-23 is the
development round, 2025 is held out.

``--full`` adds, with the defaults a user gets (``classify_positions`` / ``classify_tones``):

- the 2026 demo round (real SIB-200/LCC sentences): its truth rows whose snippet is the
  whole statement (shorter than 60 characters or ending in . ! ?), read with the source
  type of their file, without targets;
- DAST (Reddit stance; ``target`` = the submission; Supporting=støtte, Denying=modstand,
  Querying=spørgsmål, Commenting=neutral; macro-F1 over those four, a forslag/bekymring
  prediction is a miss), for the dev subjects, the test subjects and all;
- tone on LCC and Europarl (macro-F1 over negativ/neutral/positiv).

``--save FILE`` writes every prediction; ``--compare FILE`` adds the paired bootstrap
interval of the difference to the saved predictions (e.g. those of an earlier version, run
with its own ``PYTHONPATH``). Evaluation corpora are read from ``/work/shared/eval`` and
never copied.

    .venv/bin/python benchmarks/position_check.py [--full] [--json] [--save F] [--compare F]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from rus_analysis.config import load_config
from rus_analysis.pipeline import find_round_dirs, run_pipeline
from rus_analysis.position import POSITIONS, assign_positions, classify_positions, classify_tones
from rus_analysis.position.evaluation import bootstrap_ci, macro_f1, match_demo_truth

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "raw" / "demo"
EVAL = Path("/work/shared/eval")
ROUND_2026 = [(DEMO / "truth" / "2026", DEMO / "2026"),
              (Path("/work/staging/demo2026/truth_2026"), Path("/work/staging/demo2026/2026"))]
DAST_MAP = {"Supporting": "støtte", "Denying": "modstand", "Querying": "spørgsmål",
            "Commenting": "neutral"}
DAST_LABELS = ["støtte", "modstand", "spørgsmål", "neutral"]
DAST_DEV = {"5g", "hpv", "kost", "overvaagning", "politik", "ulv"}
TONE_MAP = {"negative": "negativ", "neutral": "neutral", "positive": "positiv"}
TONE_LABELS = ["negativ", "neutral", "positiv"]


def _positions(texts: list[str], targets: list[str] | None = None,
               sources: list[str] | None = None) -> list[str]:
    try:
        out = classify_positions(texts, targets=targets, sources=sources)
    except TypeError:  # a version without ``sources``
        out = classify_positions(texts, targets=targets)
    return out["position"].tolist()


def demo_predictions() -> dict[str, dict[str, list[str]]]:
    """{round: {"y": truth, "p": predicted}} for the demo rounds in ``data/raw/demo``."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(ROOT / "config" / "rus.yaml",
                          overrides={"paths": {"processed": tmp, "state": tmp}})
        tables = run_pipeline(cfg, find_round_dirs(DEMO), until="clean")
    truth = pd.read_csv(DEMO / "truth" / "statements.csv", dtype=str).fillna("")
    m = match_demo_truth(tables.statements, truth)
    pos = assign_positions(tables.statements).set_index("statement_id")["position"]
    m["predicted"] = m["statement_id"].map(pos)
    return {str(r): {"y": g["truth"].tolist(), "p": g["predicted"].tolist()}
            for r, g in m.groupby("round")}


def round_2026_predictions() -> dict[str, list[str]] | None:
    """The 2026 round's whole-statement snippets, or None when its truth is not here."""
    for truth_dir, round_dir in ROUND_2026:
        if (truth_dir / "statements.csv").exists() and (round_dir / "manifest.yaml").exists():
            t = pd.read_csv(truth_dir / "statements.csv", dtype=str).fillna("")
            man = yaml.safe_load((round_dir / "manifest.yaml").read_text(encoding="utf-8"))
            types = {s["file"]: s["type"] for s in man["sources"]}
            whole = t[t["snippet"].str.len().lt(60) | t["snippet"].str.strip().str.contains(r"[.!?]$")]
            return {"y": whole["position"].tolist(),
                    "p": _positions(whole["snippet"].tolist(), None,
                                    whole["file"].map(types).tolist())}
    return None


def dast_predictions() -> dict[str, dict[str, list[str]]]:
    d = pd.read_csv(EVAL / "dast_reddit_stance_da.csv")
    d["y"] = d["label"].map(DAST_MAP)
    d["p"] = _positions(d["text"].astype(str).tolist(), d["target"].astype(str).tolist())
    half = np.where(d["label2"].isin(DAST_DEV), "dev", "test")
    out = {h: {"y": d.loc[half == h, "y"].tolist(), "p": d.loc[half == h, "p"].tolist()}
           for h in ("dev", "test")}
    out["all"] = {"y": d["y"].tolist(), "p": d["p"].tolist()}
    return out


def tone_predictions(name: str) -> dict[str, list[str]]:
    d = pd.read_csv(EVAL / f"{name}_sentiment_da.csv")
    return {"y": d["label"].map(TONE_MAP).tolist(),
            "p": classify_tones(d["text"].astype(str).tolist())["tone"].tolist()}


def _summary(y: list[str], p: list[str], labels: list[str] | None,
             other: list[str] | None) -> dict[str, object]:
    ya, pa = np.asarray(y, dtype=object), np.asarray(p, dtype=object)
    value = float(np.mean(ya == pa)) if labels is None else macro_f1(ya, pa, labels)
    out: dict[str, object] = {"n": len(y), "metric": "agreement" if labels is None else "macro_f1",
                              "value": round(value, 3), "ci95": bootstrap_ci(y, p, labels)}
    if other is not None:
        oa = np.asarray(other, dtype=object)
        before = float(np.mean(ya == oa)) if labels is None else macro_f1(ya, oa, labels)
        out["compared"] = round(before, 3)
        out["difference"] = round(value - before, 3)
        out["difference_ci95"] = bootstrap_ci(y, p, labels, p_other=other)
    return out


def _confusion(y: list[str], p: list[str]) -> pd.DataFrame:
    cm = pd.crosstab(pd.Series(y, name="truth"), pd.Series(p, name="predicted"))
    return cm.reindex(index=[c for c in POSITIONS if c in set(y)],
                      columns=[c for c in POSITIONS if c in set(p)], fill_value=0)


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and the demo confusion), optionally save or compare predictions."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also 2026, DAST, LCC, Europarl")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--save", type=Path, default=None)
    ap.add_argument("--compare", type=Path, default=None)
    args = ap.parse_args(argv)
    preds: dict[str, dict[str, list[str]]] = {}
    demo = demo_predictions()
    for r, v in demo.items():
        preds[f"demo {r}"] = v
    preds["demo all"] = {"y": sum((v["y"] for v in demo.values()), []),
                         "p": sum((v["p"] for v in demo.values()), [])}
    labels: dict[str, list[str] | None] = {k: None for k in preds}
    if args.full:
        r26 = round_2026_predictions()
        if r26 is not None:
            preds["demo 2026 (whole snippets)"], labels["demo 2026 (whole snippets)"] = r26, None
        for h, v in dast_predictions().items():
            preds[f"DAST {h}"], labels[f"DAST {h}"] = v, DAST_LABELS
        for name in ("lcc", "europarl"):
            preds[f"tone {name}"], labels[f"tone {name}"] = tone_predictions(name), TONE_LABELS
    other = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    result = {k: _summary(v["y"], v["p"], labels[k], other.get(k, {}).get("p"))
              for k, v in preds.items()}
    if args.save:
        args.save.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    cm = _confusion(preds["demo all"]["y"], preds["demo all"]["p"])
    if args.json:
        result["demo confusion"] = cm.to_dict()
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for k, v in result.items():
        line = f"{k:28s} n={v['n']:5d} {v['metric']}={v['value']:.3f} CI {v['ci95']}"
        if "difference" in v:
            line += f"  before={v['compared']:.3f} diff={v['difference']:+.3f} CI {v['difference_ci95']}"
        print(line)
    for r in demo:
        print(f"\nconfusion, demo {r} (rows: truth)")
        print(_confusion(demo[r]["y"], demo[r]["p"]).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Theme quality on the demo input, against its truth file (a development check).

Usage: PYTHONPATH=src .venv/bin/python benchmarks/demo_themes_check.py [--json]

Issue 16, target 8: the planted non-strategy topics (truth ``emergent:<topic>``: housing,
nature, health, youth wellbeing) must surface as emergent themes of their own, and no
strategy theme may report more than 1.3 x its true size. Prints, with a fresh id
registry:

* per strategy theme: true size, predicted size (statements, duplicates counted as the
  report counts them) and their ratio;
* per planted topic: the share of its statements in emergent themes, the emergent theme
  holding most of them, that theme's purity (share of its truth-matched statements from
  the topic) and whether the topic is the theme's largest truth group ("own theme");
* seeded accuracy, ARI against the truth, the theme table;
* (issue 16, second round) per emergent theme: its size, its truth mix and whether it is
  a **grab-bag**: more than half of its truth-matched statements are strategy-theme
  statements, spread over 3 or more strategy themes (each with at least 2 of them).

Truth: ``data/raw/demo/truth/statements.csv`` (rounds 2022-23 and 2025) and
``data/raw/demo/truth/2026/statements.csv`` (round 2026, real sentences); the planted
topics of target 8 are those of the first file.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from rus_analysis.clean import clean_records
from rus_analysis.config import load_config
from rus_analysis.ingest import read_rounds
from rus_analysis.pipeline import find_round_dirs
from rus_analysis.themes import assign_themes

ROOT = Path(__file__).resolve().parents[1]
MAX_RATIO = 1.3
TRUTH_FILES = ("data/raw/demo/truth/statements.csv", "data/raw/demo/truth/2026/statements.csv")
PLANTED = ("emergent:boliger", "emergent:natur_biodiversitet", "emergent:sundhed_naerhed",
           "emergent:unges_trivsel")
GRAB_BAG_SHARE = 0.5    # more than half of an emergent theme's statements are strategy ones
GRAB_BAG_THEMES = 3     # ... from at least this many strategy themes
GRAB_BAG_MIN = 2        # a strategy theme counts when it gives the emergent theme >= 2


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def matched(cl_statements: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    """Truth rows matched to statements (first statement of the file containing the
    snippet's first 40 characters), with the predicted primary theme."""
    truth = pd.concat([pd.read_csv(ROOT / f, dtype=str, keep_default_na=False)
                       for f in TRUTH_FILES], ignore_index=True)
    st = cl_statements.merge(prim, on="statement_id")
    st["norm"] = st["text"].map(norm)
    rows = []
    for r in truth.itertuples():
        snippet = norm(r.snippet)[:40]
        hit = st[(st["source_file"] == r.file) & st["norm"].str.contains(snippet, regex=False)]
        if len(hit):
            rows.append((r.theme, hit.iloc[0]["theme_id"], hit.iloc[0]["statement_id"]))
    return pd.DataFrame(rows, columns=["truth", "pred", "statement_id"])


def check(df: pd.DataFrame, themes: pd.DataFrame) -> dict:
    kind = dict(zip(themes["theme_id"], themes["kind"], strict=True))
    seeded_ids = [t for t, k in kind.items() if k == "seeded"]
    out: dict = {"matched": int(len(df)), "strategy": [], "planted": []}
    for sid in seeded_ids:
        true_n = int((df["truth"] == sid).sum())
        pred_n = int((df["pred"] == sid).sum())
        out["strategy"].append({"theme": sid, "true": true_n, "pred": pred_n,
                                "ratio": round(pred_n / true_n, 3) if true_n else None})
    ratios = [r["ratio"] for r in out["strategy"] if r["ratio"] is not None]
    out["max_ratio"] = max(ratios) if ratios else None
    for topic in PLANTED:
        sub = df[df["truth"] == topic]
        em = sub[sub["pred"].map(kind) == "emergent"]
        entry = {"topic": topic, "n": int(len(sub)),
                 "in_emergent": round(len(em) / len(sub), 3) if len(sub) else 0.0}
        if len(em):
            home = em["pred"].value_counts().index[0]
            members = df[df["pred"] == home]
            entry.update({"theme": home, "held": round(float((sub["pred"] == home).mean()), 3),
                          "purity": round(float((members["truth"] == topic).mean()), 3),
                          "own_theme": bool(members["truth"].value_counts().index[0] == topic)})
        out["planted"].append(entry)
    out["emergent"] = emergent_mix(df, themes, set(seeded_ids))
    out["grab_bags"] = [e["theme"] for e in out["emergent"] if e["grab_bag"]]
    seeded = df[~df["truth"].str.startswith("emergent")]
    out["seeded_accuracy"] = round(float((seeded["truth"] == seeded["pred"]).mean()), 3)
    out["ari"] = round(float(adjusted_rand_score(df["truth"], df["pred"])), 3)
    out["max_ratio_ok"] = out["max_ratio"] is not None and out["max_ratio"] <= MAX_RATIO
    out["planted_own_theme"] = all(p.get("own_theme", False) for p in out["planted"])
    return out


def emergent_mix(df: pd.DataFrame, themes: pd.DataFrame, seeded: set[str]) -> list[dict]:
    """Per emergent theme: size (all its statements), truth-matched statements, the
    share of them whose truth is a strategy theme, the strategy themes giving it at least
    ``GRAB_BAG_MIN``, the truth mix (top 4) and the grab-bag flag."""
    out = []
    for t in themes[themes["kind"] == "emergent"].itertuples():
        members = df[df["pred"] == t.theme_id]
        counts = members["truth"].value_counts()
        strat = counts[counts.index.isin(seeded)]
        share = float(strat.sum() / len(members)) if len(members) else 0.0
        spread = int((strat >= GRAB_BAG_MIN).sum())
        out.append({"theme": t.theme_id, "label": t.label, "size": int(t.size),
                    "matched": int(len(members)), "strategy_share": round(share, 3),
                    "strategy_themes": spread,
                    "mix": ", ".join(f"{k} {v}" for k, v in counts.head(4).items()),
                    "grab_bag": bool(share > GRAB_BAG_SHARE and spread >= GRAB_BAG_THEMES)})
    return out


def main() -> None:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    ing = read_rounds(find_round_dirs(cfg.paths.raw), cfg)
    cl = clean_records(ing.records, cfg, problems=ing.problems,
                       private_names=ing.private_names)
    with tempfile.TemporaryDirectory() as tmp:  # a fresh id registry: no earlier run's themes
        th = assign_themes(cl.statements, cfg, registry_path=Path(tmp) / "registry.json")
    prim = th.assignments[th.assignments["rank"] == 0][["statement_id", "theme_id"]]
    df = matched(cl.statements, prim)
    res = check(df, th.themes)
    res["backend"] = th.backend
    res["n_discovered"] = th.n_discovered
    if "--json" in sys.argv:
        print(json.dumps(res, ensure_ascii=False))
        return
    print(f"matched {res['matched']} truth statements; backend {th.backend}; "
          f"discovered k {th.n_discovered}")
    print(pd.DataFrame(res["strategy"]).to_string(index=False))
    print(f"max ratio predicted/true {res['max_ratio']} (target <= {MAX_RATIO}: "
          f"{'met' if res['max_ratio_ok'] else 'missed'})")
    print(pd.DataFrame(res["planted"]).to_string(index=False))
    print(f"planted topics as their own emergent theme: {res['planted_own_theme']}")
    print(pd.DataFrame(res["emergent"]).to_string(index=False))
    print(f"grab-bag emergent themes: {res['grab_bags'] or 'none'}")
    print(f"seeded accuracy {res['seeded_accuracy']}  ARI {res['ari']}")
    print(pd.crosstab(df["truth"], df["pred"]).to_string())
    print(th.themes[["theme_id", "label", "kind", "size"]].to_string())


if __name__ == "__main__":
    main()

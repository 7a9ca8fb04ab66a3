"""The one report run the report tests share: the demo input plus a hostile round, built
with the report command (every main notebook, one municipality profile)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from rus_analysis.cli.report import main as report_main
from support import DEMO, ROOT

XSS_MARK = "XSS-RAN"

HOSTILE_POSTITS = f"""bord,overskrift,tekst,kommune
1,Trafik,"<script>document.title='{XSS_MARK}'</script>Flere busser til Hundested",Halsnæs
2,Trafik,"<img src=x onerror=""document.title='{XSS_MARK}'"">Cykelstier langs Ring 4",Gladsaxe
3,Klima,"Skybrud i Ballerup <b onmouseover=""document.title='{XSS_MARK}'"">igen</b>",Ballerup
4,Vand,"Beskyt grundvandet mod PFAS </div></div><script>document.title='{XSS_MARK}'</script>",Egedal
"""


@pytest.fixture(scope="package")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("report")
    raw = base / "raw"
    for rnd in ("2022-23", "2025"):
        shutil.copytree(DEMO / rnd, raw / rnd)
    hostile = raw / "2026-xss"
    hostile.mkdir()
    (hostile / "postits.csv").write_text(HOSTILE_POSTITS, encoding="utf-8")
    (hostile / "manifest.yaml").write_text(yaml.safe_dump({
        "round": "2026-xss", "title": "Fjendtligt input", "invited_municipalities": ["Halsnæs"],
        "sources": [{"file": "postits.csv", "type": "workshop", "name": "Post-its",
                     "date": "2026-01-10"}]}, allow_unicode=True), encoding="utf-8")
    cfg = yaml.safe_load((ROOT / "config" / "rus.yaml").read_text(encoding="utf-8"))
    cfg["paths"].update(raw=str(raw), processed=str(base / "processed"),
                        reports=str(base / "reports"), cache=str(ROOT / ".cache"),
                        reference=str(ROOT / "data" / "reference"))
    (base / "config").mkdir()
    cfg_path = base / "config" / "rus.yaml"
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    out = base / "reports" / "run"
    code = report_main(["--config", str(cfg_path), "--out", str(out), "--municipality",
                        "Gribskov"])
    assert code == 0
    return {"out": out, "processed": base / "processed", "html": out / "rapport.html"}



"""Shared fixtures. Tests mirror the package: ``tests/<stage>/`` tests ``rus_analysis.<stage>``.

The folder itself is put on ``sys.path`` so that ``support`` (paths) and ``browser``
(headless Chromium helpers) can be imported by tests in every sub-folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Property tests draw the same examples on every run (a CI run on a clean clone must not
# pass or fail by chance); HYPOTHESIS_PROFILE=explore searches afresh, to look for new
# failures by hand. A failure found that way becomes an @example of its test.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from rus_analysis.config import Config, load_config  # noqa: E402
from support import CONFIG, ROOT  # noqa: E402


@pytest.fixture(scope="session")
def demo_cfg(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The project's config with private processed and state folders (the project's own
    theme registry and tables are never touched by a test)."""
    base = tmp_path_factory.mktemp("demo")
    return load_config(CONFIG, overrides={"paths": {"processed": str(base / "processed"),
                                                    "state": str(base / "state")}})


@pytest.fixture(scope="session")
def lexical_cfg(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """As ``demo_cfg`` with the lexical embedding backend (fast, no model)."""
    base = tmp_path_factory.mktemp("lexical")
    return load_config(CONFIG, overrides={"paths": {"processed": str(base / "processed"),
                                                    "state": str(base / "state"),
                                                    "cache": str(base / "cache")},
                                          "nlp": {"embedding_backend": "lexical"}})


def _state_files() -> dict[str, bytes]:
    state = ROOT / "data" / "state"
    return {p.name: p.read_bytes() for p in sorted(state.glob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _project_voice_key_elsewhere(tmp_path_factory: pytest.TempPathFactory,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run with the project's own config (``rus-analysis ingest --config
    config/rus.yaml``) would draw the project's voice key into data/state; in tests it is
    drawn in a temporary folder instead. Any other state folder is used as given."""
    from rus_analysis import voicekey

    project = (ROOT / "data" / "state").resolve()
    spare = tmp_path_factory.getbasetemp() / "project_state"

    def key(state: Path) -> bytes:
        return voicekey.project_voice_key(spare if Path(state).resolve() == project else state)
    monkeypatch.setattr("rus_analysis.pipeline.project_voice_key", key)


@pytest.fixture(scope="session", autouse=True)
def project_state_untouched() -> object:
    """No test may write the project's kept state (theme ids, the analyst's overrides):
    every test runs with its own ``paths.state``."""
    before = _state_files()
    yield
    after = _state_files()
    changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
    assert not changed, f"a test changed data/state/{changed}; give it its own paths.state"

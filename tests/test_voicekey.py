"""The project's voice key: drawn once, kept in the state, owner-only, used by the pipeline,
so a named participant's pseudonym cannot be recomputed with the key in the code."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rus_analysis.clean.voices import DEFAULT_VOICE_KEY, opaque_voice, voice_of
from rus_analysis.pipeline import run_pipeline
from rus_analysis.voicekey import KEY_FILE, project_voice_key


def test_the_key_is_made_once_kept_private_and_read_back(tmp_path: Path) -> None:
    key = project_voice_key(tmp_path)
    path = tmp_path / KEY_FILE
    assert len(key) == 32 and key != DEFAULT_VOICE_KEY
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert project_voice_key(tmp_path) == key                     # the same on every run
    assert project_voice_key(tmp_path / "other") != key            # another project: its own


def test_a_damaged_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_text("not hex\n", encoding="ascii")
    with pytest.raises(ValueError, match="voice_key: not a voice key"):
        project_voice_key(tmp_path)


def test_a_participant_s_id_depends_on_the_project_key(tmp_path: Path) -> None:
    args = ("meeting", "2026", "referat.docx", "r1", "", "", "person:2026:referat.docx:sara friis")
    guess = voice_of(*args)                      # what anyone can compute from the code
    key = project_voice_key(tmp_path)
    assert voice_of(*args, key=key) != guess
    assert voice_of(*args, key=key) == voice_of(*args, key=key)
    assert opaque_voice("org", "movia", key=key).startswith("org:")


def test_the_pipeline_uses_the_state_s_key(lexical_cfg) -> None:  # noqa: ANN001
    first = run_pipeline(lexical_cfg, until="clean")
    key = (lexical_cfg.paths.state / KEY_FILE).read_text(encoding="ascii").strip()
    assert len(bytes.fromhex(key)) == 32
    again = run_pipeline(lexical_cfg, until="clean")
    assert first.statements["voice_id"].tolist() == again.statements["voice_id"].tolist()
    public = opaque_voice("org", "movia")
    assert public not in set(first.statements["voice_id"])
    assert opaque_voice("org", "movia", key=bytes.fromhex(key)) in set(
        first.statements["voice_id"])


def test_threads_starting_at_once_share_one_key_and_leave_no_temporary_file(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    for n in range(10):
        state = tmp_path / str(n)
        with ThreadPoolExecutor(max_workers=6) as pool:
            keys = list(pool.map(project_voice_key, [state] * 6))
        assert len(set(keys)) == 1
        assert [p.name for p in state.iterdir()] == [KEY_FILE]

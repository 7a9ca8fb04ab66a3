"""Reading YAML files that people write by hand, with messages that name file and option.

Why one implementation: the config, the round manifests and the analyst's overrides are
all typed by people under deadline. A typo must stop at once with a line that names the
file, the option (or line and column) and what to write instead, with a "did you mean"
when the word is close to a known one, never a traceback from deep inside a parser.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml


class YamlFileError(ValueError):
    """A YAML file that cannot be read at all; the message names the file (and place)."""


def read_yaml(path: Path) -> Any:
    """Parse ``path`` (UTF-8, with or without BOM); raise YamlFileError with line/column."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlFileError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except OSError as exc:
        raise YamlFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise YamlFileError(f"{path}:{where} is not valid YAML "
                            f"({getattr(exc, 'problem', None) or exc})") from None


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """"did you mean 'x'? " for the closest known word, or "" when none is close."""
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'? " if close else ""


def unknown_key(word: str, known: Iterable[str]) -> str:
    """The message for a key that is not allowed, with the closest known key."""
    known = tuple(known)
    return f"is not a known key; {did_you_mean(word, known)}allowed keys: {', '.join(known)}"


def kind_name(kind: type | tuple[type, ...]) -> str:
    """How a message names the expected type of a value."""
    names = {bool: "true or false", int: "a whole number", float: "a number",
             str: "text", list: "a list", dict: "a mapping"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


class Section:
    """One mapping of options; typed getters that raise with the option's dotted path.

    ``fail`` builds the exception for (key, message): the config raises ConfigError, for
    instance. ``finish`` rejects every key no getter asked for, with a "did you mean".
    """

    def __init__(self, raw: Any, section: str, fail: Callable[[str, str], Exception]) -> None:
        self.section = section
        self._fail = fail
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise fail("", "must be a mapping of options")
        self.raw: dict[str, Any] = raw
        self.used: set[str] = set()

    def fail(self, key: str, msg: str) -> Exception:
        """The exception for option ``key`` of this section."""
        return self._fail(key, msg)

    def get(self, key: str, default: Any, kind: type | tuple[type, ...], *,
            allow_none: bool = False) -> Any:
        """The option's value, checked against ``kind`` (an int is accepted as a float)."""
        self.used.add(key)
        if key not in self.raw:
            return default
        value = self.raw[key]
        if value is None and allow_none:
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise self.fail(key, f"must be {kind_name(kind)}, got {value!r}")
        return value

    def str_list(self, key: str) -> tuple[str, ...]:
        """A list of texts (numbers are read as their text)."""
        value = self.get(key, [], list)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                raise self.fail(f"{key}[{i}]", f"must be text, got {item!r}")
            out.append(str(item))
        return tuple(out)

    def finish(self, known: Iterable[str] = ()) -> None:
        """Raise for the first key nobody asked for (sorted), naming the closest option."""
        unknown = sorted(set(self.raw) - self.used)
        if unknown:
            hint = did_you_mean(unknown[0], sorted(set(known) | self.used))
            raise self.fail(unknown[0], f"is not a known option; {hint}check its spelling "
                            "in README.md (Configuration)")

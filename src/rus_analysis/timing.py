"""Wall time per stage, for the run log, ``run.json``, benchmarks and the methods appendix.

One implementation, so that the pipeline's stages and the report's finer steps are timed
and logged the same way. Times are recorded, never asserted on (that belongs in the
benchmarks).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class StageTimer:
    """Seconds per named step, in the order the steps started.

    Safe to use from several threads at once (each step writes its own key).
    """

    def __init__(self, logger: logging.Logger | None = None, digits: int = 3) -> None:
        self.seconds: dict[str, float] = {}
        self._log = logger or logging.getLogger("rus_analysis")
        self._digits = digits

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block under ``name`` (also when it raises)."""
        t0 = time.perf_counter()
        self._log.info("%s: start", name)
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - t0, self._digits)
            self._log.info("%s: %.2f s", name, self.seconds[name])

    def timed(self, name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` timed under ``name`` (for thread pools)."""
        with self.stage(name):
            return fn(*args, **kwargs)

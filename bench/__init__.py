"""Semis benchmarks: each one prints its measured time beside a floor measured in the same run.

Run with `make bench` (`SEMIS_ENV=test python -m bench`). Absolute times depend on the machine;
the ratio to the floor is the figure to watch from one change to the next. See bench/README.md.
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    measured: float  # seconds
    floor: float  # seconds
    floor_name: str
    peak_bytes: int | None = None

    @property
    def ratio(self) -> float:
        return self.measured / self.floor

    def line(self) -> str:
        parts = [
            f"{self.name:<62}",
            f"mesuré {duration(self.measured):>9}",
            f"plancher {duration(self.floor):>9} ({self.floor_name})",
            f"ratio {self.ratio:6.1f}×",
        ]
        if self.peak_bytes is not None:
            parts.append(f"pic mémoire {self.peak_bytes / 2**20:.0f} Mio")
        return "  ".join(parts)


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def median_time(action: Callable[[], object], *, repeat: int, warmup: int = 3) -> float:
    """Median wall time of `action` over `repeat` runs, after `warmup` untimed ones."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextmanager
def peak_memory():
    """Yields a dict whose "peak" is set, on exit, to the Python heap's peak in bytes."""
    measure = {"peak": 0}
    tracemalloc.start()
    try:
        yield measure
    finally:
        measure["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

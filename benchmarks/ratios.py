"""A measured ratio next to its target: min and median over repeats, each against the baseline's
min and median from the same run (interleaved, so that noise hits both alike)."""

from __future__ import annotations

import statistics
import time


def ratio_row(measure: str, times: list[float], base: list[float], target: float,
              unit: str = "ms") -> dict:
    """`times` and `base` in `unit` per call; the target is met when the median ratio is."""
    lo, mid = min(times), statistics.median(times)
    blo, bmid = min(base), statistics.median(base)
    r_min, r_med = lo / blo, mid / bmid
    return {"measure": measure, f"min_{unit}": round(lo, 3), f"median_{unit}": round(mid, 3),
            f"baseline_min_{unit}": round(blo, 3), f"baseline_median_{unit}": round(bmid, 3),
            "ratio_min": round(r_min, 2), "ratio_median": round(r_med, 2),
            "target": f"<= {target}", "met": "yes" if r_med <= target else
            f"no ({r_med / target:.2f}x the target)"}


def cpu_times(fns: dict, repeat: int, number: int = 1) -> dict[str, list[float]]:
    """Milliseconds of this thread's CPU per call, `repeat` samples of `number` calls each, the
    functions interleaved. CPU time, not wall-clock: on a shared machine other processes' load
    stretches wall-clock time far more than it stretches ours."""
    times = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            start = time.thread_time()
            for _ in range(number):
                fn()
            times[k].append((time.thread_time() - start) * 1000 / number)
    return times

"""The collector around a pass (`no_gc`): off inside, back on after, nothing leaked or frozen."""

from __future__ import annotations

import gc
import importlib
import weakref

import pytest

evaluate_module = importlib.import_module("compgraph.evaluate")  # the name is also a function
no_gc, YOUNG_SKIP = evaluate_module.no_gc, evaluate_module.YOUNG_SKIP


class Box:
    """A container the collector tracks, able to join a reference cycle."""

    def __init__(self):
        self.other = None


def make(n: int) -> weakref.ref:
    """n live tracked objects, and a reference cycle (a weak reference to one of its boxes)."""
    a, b = Box(), Box()
    a.other, b.other = b, a
    make.keep = [[i] for i in range(n)]
    return weakref.ref(a)


@pytest.mark.parametrize("n", [10, 3 * YOUNG_SKIP])
def test_a_cycle_made_inside_is_collected_by_the_next_full_collection(n):
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
        ref = make(n)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert ref() is not None  # only a reference cycle holds it
    gc.collect()
    assert ref() is None
    del make.keep


def test_many_young_objects_are_not_traced_when_the_collector_comes_back():
    with no_gc():
        make(3 * YOUNG_SKIP)
        assert gc.get_count()[0] > 3 * YOUNG_SKIP
    oldest = gc.get_objects(generation=2)  # moved there at once, not traced by a collection
    assert any(x is make.keep for x in oldest) and any(x is make.keep[0] for x in oldest)
    del make.keep


def test_someone_elses_frozen_objects_stay_frozen():
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        with no_gc():
            make(3 * YOUNG_SKIP)
        assert gc.get_freeze_count() > 0  # theirs not unfrozen (that would leave 0)
    finally:
        gc.unfreeze()
        del make.keep


def test_the_collector_stays_off_when_it_was_off():
    gc.disable()
    try:
        with no_gc():
            make(3 * YOUNG_SKIP)
        assert not gc.isenabled()
    finally:
        gc.enable()
        del make.keep

"""Leaf values from nested lists: the fast path (numpy reads the list, only rows holding a 0 or a
1 are looked at for booleans) gives what an element-by-element reading gives."""

from __future__ import annotations

import numpy as np
import pytest

from compgraph.ops import OpError
from compgraph.values import to_array


def element_by_element(value):
    """An independent reading: every leaf through float(), booleans refused."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [element_by_element(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        raise OpError("non_numeric_value", "boolean")
    return float(value)


rng = np.random.default_rng(11)
VALUES = [
    rng.standard_normal((20, 30)).tolist(),
    np.where(rng.random((4, 5, 6)) < 0.7, 0, rng.random((4, 5, 6))).tolist(),
    [[0, 1, 2], [1.0, 0.0, -0.0]],
    [[1, 2**53 + 1], [3, 4]],
    [np.array([0.0, 1.0]), np.array([2.0, 3.0])],
    [[np.array([1, 0]), [0.5, 1]], [[2, 3], np.array([0.0, 1.0])]],
    [7],
    [np.array(0.0), 2.0, np.float64(1.0)],
]


@pytest.mark.parametrize("value", VALUES)
def test_fast_path_reads_like_element_by_element(value):
    got = to_array(value)
    expected = np.array(element_by_element(value), dtype=np.float64)
    assert got.dtype == np.float64 and got.shape == expected.shape
    np.testing.assert_array_equal(got.view(np.int64), expected.view(np.int64))


def deep_false():
    v = np.where(rng.random((3, 4, 5)) < 0.5, 0, 2.5).tolist()
    v[2][3][4] = False  # the last row, among zeros
    return v


@pytest.mark.parametrize("value", [
    deep_false(), [[2.5, 3.5], [4.5, True]], [[0.25] * 9 + [True]] * 2,
    [[np.array([0.5, 2.0]), np.array([True, False])]],
    [[1.0, 0.0], [np.True_, 3.0]], [np.array(True), 2.0], [[0.5, np.array(False)]],
])
def test_booleans_anywhere_are_refused(value):
    with pytest.raises(OpError, match="boolean") as e:
        to_array(value)
    assert e.value.type == "non_numeric_value"


def test_the_array_is_fresh():
    src = [[1.0, 2.0], [3.0, 4.0]]
    a, b = to_array(src), to_array(src)
    a[0, 0] = 9.0
    assert b[0, 0] == 1.0 and src[0][0] == 1.0

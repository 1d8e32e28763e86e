"""Leaf values from nested lists: the fast path (numpy reads the list, only rows holding a 0 or a
1 are looked at for booleans) gives what an element-by-element reading gives."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from compgraph.ops import OpError
from compgraph.values import _plain_floats, _sparse, to_array


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


# --- rows of zeros (MNIST-like): read in bulk passes by `_plain_floats` -----------------------

def sparse_rows(rows=30, cols=40, seed=3):
    """Rows that are mostly exact zeros, some ints among the floats (a JavaScript client writes
    0.0 as 0), and the IEEE edge values."""
    r = np.random.default_rng(seed)
    v = np.where(r.random((rows, cols)) < 0.8, 0.0, r.standard_normal((rows, cols))).tolist()
    v[0][:6] = [0, 1, -0.0, float("nan"), float("inf"), 2**53 + 1]
    v[-1][-1] = 10**300 * 10**8  # an int beyond 2**1023's neighbours but still a float
    return v


@pytest.mark.parametrize("value", [sparse_rows(), [[0.0, 1.0]] * 3, [0, 1, 0.5],
                                   np.zeros((2, 3, 4)).tolist(), [[[0, 2.5]], [[1, -3]]]])
def test_rows_of_zeros_read_like_element_by_element(value):
    fast = _plain_floats(value)
    assert fast is not None  # the bulk reading took them
    expected = np.array(element_by_element(value), dtype=np.float64)
    for got in (fast, to_array(value)):
        assert got.dtype == np.float64 and got.shape == expected.shape
        np.testing.assert_array_equal(got.view(np.int64), expected.view(np.int64))


@pytest.mark.parametrize("value, type_, where", [
    ([[0.0, 1.0], [0.0, "1.5"]], "non_numeric_value", "value[1][1]"),
    ([[0.0, None], [1.0, 2.0]], "non_numeric_value", "value[0][1]"),
    ([[0.0, 1.0], [0.0]], "ragged_value", "item[1]"),
    ([[0.0, 1.0], [0.0, [1.0]]], "ragged_value", "value is ragged"),
    ([[0.0, 10**400]], "non_numeric_value", "too large"),
    ([[0.0, Decimal(1)]], "non_numeric_value", "Decimal"),
    ([[0.0, 1.0], [False, 2.0]], "non_numeric_value", "boolean"),
    ([[1.0] * 50, [0.0] * 49 + [True]], "non_numeric_value", "boolean"),
])
def test_rows_of_zeros_with_a_problem_get_the_general_readings_error(value, type_, where):
    assert _plain_floats(value) is None
    with pytest.raises(OpError, match=re.escape(where)) as e:
        to_array(value)
    assert e.value.type == type_


@pytest.mark.parametrize("value, expected", [
    ([[0.0, np.float64(2.5)]], [[0.0, 2.5]]),  # numpy scalars: numpy reads them
    ([np.array([0.0, 1.0]), [1.0, 0.0]], [[0.0, 1.0], [1.0, 0.0]]),  # an array among lists
])
def test_rows_of_zeros_with_other_numbers_are_read_by_the_general_path(value, expected):
    assert _plain_floats(value) is None
    np.testing.assert_array_equal(to_array(value), expected)


def test_a_real_that_is_not_a_float_reads_as_float_does():
    value = [[0, Fraction(1, 3)], [1.0, 0.0]]
    expected = [[0.0, float(Fraction(1, 3))], [1.0, 0.0]]
    np.testing.assert_array_equal(_plain_floats(value), expected)
    np.testing.assert_array_equal(to_array(value), expected)
    np.testing.assert_array_equal(to_array([np.array(v, dtype=object) for v in value]), expected)


def test_a_number_among_the_rows_is_ragged():
    assert _plain_floats([[0.0, 1.0], 3.0]) is None
    with pytest.raises(OpError, match="ragged"):
        to_array([[0.0, 1.0], 3.0])


@pytest.mark.parametrize("value, sparse", [
    ([[0.0, 2.5], [3.0, 4.0]], True), ([[2.0, 1], [0.5, 0.5]], True), ([2.5, 0], True),
    ([[2.0, 3.5], [0.0, 0.0]], False),  # only the first row is looked at
    ([np.float64(0.0), 2.0], False), ([np.zeros(3), np.ones(3)], False),
    ([[True, 0.0]], False),  # numpy's reading, then the row look, refuses it
])
def test_only_plain_rows_of_zeros_take_the_bulk_passes(value, sparse):
    assert _sparse(value) is sparse


@pytest.mark.parametrize("value", [[], [[]], [[0.0], []], [[[]]]])
def test_empty_lists_are_not_read_in_bulk(value):
    assert _plain_floats(value) is None
    with pytest.raises(OpError, match="empty") as e:
        to_array(value)
    assert e.value.type == "ragged_value"

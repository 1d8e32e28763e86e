"""evaluate() reads a float64 numpy leaf value without copying it (its graph is not kept),
read-only for the result; compile() keeps a copy (test_program)."""

import numpy as np
import pytest
from enginehelp import doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine


def test_evaluate_reads_a_float64_leaf_array_in_place_and_hands_it_out_read_only():
    x = np.array([1.0, 2.0])
    r = engine.evaluate(doc(inp("x", x), op("y", "exp", "x")))
    assert np.shares_memory(r.values["x"], x)
    assert_allclose(r.values["y"], np.exp([1.0, 2.0]))
    assert_allclose(r.grads["x"], np.exp([1.0, 2.0]))
    with pytest.raises(ValueError):
        r.values["x"][0] = 5.0
    x[0] = 3.0  # the caller's own array stays writable
    assert x.flags.writeable


def test_other_dtypes_and_lists_are_still_converted_to_new_float64_arrays():
    x = np.array([1, 2], dtype=np.int64)
    r = engine.evaluate(doc(inp("x", x), inp("w", [0.5, 4.0]), op("y", "mul", "x", "w")))
    assert r.values["x"].dtype == np.float64 and not np.shares_memory(r.values["x"], x)
    assert_allclose(r.values["y"], [0.5, 8.0])
    assert_allclose(r.grads["x"], [0.5, 4.0])

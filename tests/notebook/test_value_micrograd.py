"""cg.Value against micrograd: its README example and its test/test_engine.py cases.

The full-precision numbers are what micrograd itself prints (github.com/karpathy/micrograd,
engine.py at c911406, run on CPython floats); micrograd's test checks them against torch in
float64, and so did we (torch 2.13.0 CPU gave the same digits). The README shows them to 4
decimals: 24.7041, 138.8338, 645.5773.
"""

from __future__ import annotations

import compgraph as cg


def _readme_example():
    a = cg.Value(-4.0)
    b = cg.Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return a, b, g


def test_readme_example_prints_micrographs_numbers():
    a, b, g = _readme_example()
    assert f"{g.data:.4f}" == "24.7041"
    g.backward()
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


def test_more_ops_to_the_last_digit():
    a, b, g = _readme_example()
    assert g.data == 24.70408163265306
    g.backward()
    assert g.data == 24.70408163265306  # the engine's forward pass agrees with the eager one
    assert a.grad == 138.83381924198252
    assert b.grad == 645.5772594752186


def test_sanity_check():
    # by hand at x = -4: z = 3x + 2 = -10, relu(z) = 0 (slope 0), q = z*x = 40 with
    # dq/dx = z + 3x = -22, h = z*z = 100 with dh/dx = 6z = -60, y = h + q + q*x = -20 and
    # dy/dx = -60 + (-22) + 40 + (-4)(-22) = 46 (micrograd and torch agree)
    x = cg.Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == -20.0
    assert x.grad == 46.0


def test_backward_fills_every_value_and_runs_the_engine():
    a, b, g = _readme_example()
    g.backward()
    result = g.evaluation
    doc = g.to_document()
    assert result.output == doc["output"]
    again = cg.evaluate(doc)
    assert again.values.keys() == result.values.keys()
    for i in result.values:
        assert again.values[i] == result.values[i]
        assert (again.grads[i] is None) == (result.grads[i] is None)
    assert [s.node for s in again.trace] == [s.node for s in result.trace]
    assert a.grad == again.grads[_id_of(doc, -4.0)]


def _id_of(doc, value):
    (i,) = [n["id"] for n in doc["nodes"] if n["op"] == "input" and n["value"] == value]
    return i


def test_repr_like_micrograd():
    v = cg.Value(3.0)
    assert repr(v) == "Value(data=3.0, grad=0.0)"

"""Training the two-layer net of 5.7 through the engine: it learns, deterministically."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import compgraph as engine
from compgraph import datasets, train

from . import numpynet


@pytest.mark.parametrize("name", ["spiral", "xor", "moons"])
def test_data_sets_are_deterministic_and_balanced_enough(name):
    a, b = datasets.load(name, seed=3), datasets.load(name, seed=3)
    assert_array_equal(a.x, b.x)
    assert_array_equal(a.t, b.t)
    assert a.x.shape == (len(a.t), 2)
    counts = np.bincount(a.t, minlength=a.classes)
    assert counts.min() >= 0.3 * len(a.t) / a.classes
    assert not np.array_equal(a.x, datasets.load(name, seed=4).x)


def test_unknown_data_set_is_a_key_error():
    with pytest.raises(KeyError, match="spiral"):
        datasets.load("mnist")


@pytest.mark.parametrize("name", ["spiral", "xor", "moons"])
def test_300_steps_drop_the_loss_and_beat_chance_deterministically(name):
    d = datasets.load(name)
    params = train.init_params(2, 20, d.classes, seed=0)
    loss0, _ = train.evaluate_on(params, d.x, d.t)
    runs = [train.train(params, d.x, d.t, steps=300, lr=1.0, batch_size=30, seed=0)
            for _ in range(2)]
    (p1, losses1), (p2, losses2) = runs
    assert losses1 == losses2
    for k in train.PARAMS:
        assert_array_equal(p1[k], p2[k])
    loss, acc = train.evaluate_on(p1, d.x, d.t)
    assert loss < 0.3 * loss0, (loss0, loss)
    chance = 1 / d.classes
    assert acc > chance + 0.35, acc


def test_one_sgd_step_is_params_minus_lr_times_the_engines_gradients():
    d = datasets.load("spiral")
    params = train.init_params(2, 7, 3, seed=1)
    r = train.sgd_step(params, d.x, d.t, lr=0.3, batch_size=16, seed=5, step=2)
    doc = train.network_document(d.x[r.batch], d.t[r.batch], params)
    grads = engine.evaluate(doc, trace=False).grads  # a fresh evaluation, no compiled program
    for k in train.PARAMS:
        assert_allclose(r.grads[k], grads[k], rtol=1e-12, atol=1e-15)
        assert_allclose(r.params[k], params[k] - 0.3 * grads[k], rtol=1e-12, atol=1e-15)


def test_the_step_does_not_modify_the_parameters_it_was_given():
    params = train.init_params(2, 5, 2, seed=0)
    before = {k: v.copy() for k, v in params.items()}
    d = datasets.load("xor")
    train.sgd_step(params, d.x, d.t, lr=1.0, batch_size=8, seed=0, step=0)
    for k in train.PARAMS:
        assert_array_equal(params[k], before[k])


def test_minibatch_depends_only_on_seed_and_step():
    a = train.minibatch(300, 30, seed=0, step=7)
    assert_array_equal(a, train.minibatch(300, 30, seed=0, step=7))
    assert not np.array_equal(a, train.minibatch(300, 30, seed=0, step=8))
    assert len(set(a.tolist())) == 30  # without replacement when the batch fits


def test_training_runs_the_compiled_program_not_a_new_compile(monkeypatch):
    d = datasets.load("moons")
    params = train.init_params(2, 4, 2, seed=0)
    train.gradient(params, d.x[:10], d.t[:10])  # compiled and cached for this shape
    calls = []
    monkeypatch.setattr(train, "compile", lambda *a, **k: calls.append(1))
    train.train(params, d.x, d.t, steps=5, lr=0.5, batch_size=10, seed=0)
    assert calls == []


def test_gradient_check_table_agrees_for_every_parameter():
    d = datasets.load("spiral")
    params = train.init_params(2, 10, 3, seed=0)
    table = train.gradient_check(params, d.x[:20], d.t[:20])
    assert set(table) == set(train.PARAMS)
    for k, row in table.items():
        assert row["ok"], (k, row)
        assert row["mean_abs_diff"] < 1e-6


def test_boundary_cells_hold_the_argmax_class_of_the_scores_and_its_probability():
    params = train.init_params(2, 6, 3, seed=0)
    b = train.boundary(params, -1.5, 1.5, 12)
    assert_allclose(b["axis"], np.linspace(-1.5, 1.5, 12))
    gx, gy = np.meshgrid(b["axis"], b["axis"])  # row = y index, column = x index
    y = numpynet.softmax(numpynet.scores(params, np.column_stack([gx.ravel(), gy.ravel()])))
    assert_array_equal(b["cls"], y.argmax(axis=1).reshape(12, 12))
    assert_allclose(b["prob"], y.max(axis=1).reshape(12, 12), rtol=1e-12)
    assert len(np.unique(b["cls"])) > 1  # a boundary to draw, not one colour


def test_network_document_matches_the_two_layer_net_preset_layers():
    doc = train.network_document(np.zeros((2, 2)), np.zeros(2), train.init_params(2, 3, 2))
    ops = [(n["id"], n["op"]) for n in doc["nodes"] if n["op"] != "input"]
    assert [i for i, _ in ops] == list(train.LAYERS)

"""Helpers for the API tests: an app around its own settings, and the book's graphs."""

from __future__ import annotations

import warnings

import numpy as np

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from graphdocs import const, inp, op  # noqa: F401  (re-exported)

from compgraph.app.main import create_app
from compgraph.app.settings import Settings


def make_client(tmp_path, **overrides) -> TestClient:
    settings = Settings(db=tmp_path / "graphs.sqlite3", **overrides)
    return TestClient(create_app(settings), raise_server_exceptions=False)




APPLE = {"version": 1, "title": "Apple shopping (Fig. 5-14)", "nodes": [
    inp("apple", 100, label="price of one apple"), inp("apple_num", 2), inp("tax", 1.1),
    op("apple_price", "mul", "apple", "apple_num"), op("price", "mul", "apple_price", "tax"),
], "output": "price"}

APPLE_ORANGE = {"title": "Apples and oranges (Fig. 5-17)", "nodes": [
    inp("apple", 100), inp("apple_num", 2), inp("orange", 150), inp("orange_num", 3),
    inp("tax", 1.1), op("apple_price", "mul", "apple", "apple_num"),
    op("orange_price", "mul", "orange", "orange_num"),
    op("all_price", "add", "apple_price", "orange_price"), op("price", "mul", "all_price", "tax"),
]}


def two_layer_net(batch=5, sizes=(4, 10, 3), seed=0) -> dict:
    """The book's TwoLayerNet as a graph: affine, relu, affine, softmax-with-loss."""
    rng = np.random.default_rng(seed)
    n_in, n_hidden, n_out = sizes
    return {"title": "Two-layer net", "nodes": [
        inp("x", rng.normal(size=(batch, n_in)).tolist()),
        inp("W1", (0.5 * rng.normal(size=(n_in, n_hidden))).tolist()),
        inp("b1", (0.1 * rng.normal(size=n_hidden)).tolist()),
        inp("W2", (0.5 * rng.normal(size=(n_hidden, n_out))).tolist()),
        inp("b2", (0.1 * rng.normal(size=n_out)).tolist()),
        const("t", rng.integers(0, n_out, size=batch).tolist()),
        op("a1", "affine", "x", "W1", "b1"), op("h1", "relu", "a1"),
        op("a2", "affine", "h1", "W2", "b2"), op("loss", "softmax_with_loss", "a2", "t"),
    ], "output": "loss"}

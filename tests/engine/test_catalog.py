"""Each op declares what the UI teaches: symbol, operands, attrs, forward and local LaTeX."""

from __future__ import annotations

import pytest

import compgraph as engine
from compgraph.ops import LEAVES, Op, register
from compgraph.ops.registry import LEAF_NAMES

REQUIRED = ["add", "sub", "mul", "div", "neg", "exp", "log", "pow", "relu", "sigmoid", "tanh",
            "matmul", "sum", "affine", "softmax_with_loss"]
# the order the editor's menu and GET /api/ops have always shown: new ops may come anywhere,
# these keep their relative order
ORDER = ["add", "sub", "mul", "div", "neg", "exp", "log", "pow", "relu", "sigmoid", "tanh",
         "matmul", "transpose", "sum", "affine", "softmax_with_loss"]
BOOK_SYMBOLS = {"add": "+", "mul": "×", "exp": "exp", "sigmoid": "σ", "relu": "ReLU",
                "affine": "Affine", "softmax_with_loss": "Softmax-with-Loss"}


def test_catalog_lists_the_leaves_then_every_required_op():
    names = [e["name"] for e in engine.catalog()]
    assert names[:2] == ["input", "const"]
    assert set(REQUIRED) <= set(names[2:])  # the contract's ops; more may be added freely
    assert set(engine.OPS) == set(names[2:]) and len(names) == len(set(names))


def test_the_catalog_order_is_the_registration_order_and_stays_as_it_was():
    names = [e["name"] for e in engine.catalog()]
    assert tuple(names[:2]) == tuple(LEAVES) == LEAF_NAMES
    assert names[2:] == list(engine.OPS)  # registration order
    assert [n for n in names if n in ORDER] == ORDER


class _Square(Op):
    name = "square_for_test"


def test_register_adds_an_op_under_its_name_and_refuses_a_taken_or_missing_name():
    try:
        assert register(_Square) is _Square
        assert engine.OPS["square_for_test"] is _Square and list(engine.OPS)[-1] == _Square.name
        with pytest.raises(ValueError, match="'square_for_test' is taken"):
            register(type("Again", (Op,), {"name": "square_for_test"}))
    finally:
        engine.OPS.pop("square_for_test", None)
    for taken in ("mul", "input"):
        with pytest.raises(ValueError, match=f"'{taken}' is taken"):
            register(type("Taken", (Op,), {"name": taken}))
    with pytest.raises(TypeError, match="Nameless declares no name"):
        register(type("Nameless", (_Square,), {}))  # `name` only inherited: not its own
    assert "square_for_test" not in engine.OPS and len(engine.OPS) >= len(ORDER)


@pytest.mark.parametrize("entry", [e for e in engine.catalog() if not e["leaf"]],
                         ids=lambda e: e["name"])
def test_every_op_declares_what_the_ui_teaches(entry):
    cls = engine.OPS[entry["name"]]
    assert entry["symbol"]
    assert entry["arity"] == len(entry["operands"]) == len(cls.operands) >= 1
    assert len(entry["latex_grads"]) == entry["arity"]
    assert entry["latex"] and all(entry["latex_grads"])
    assert len(entry["differentiable"]) == entry["arity"]
    assert entry["summary"]["en"] and entry["summary"]["ja"]
    for attr in entry["attrs"]:
        assert {"name", "type", "required"} <= set(attr)


def test_book_symbols_and_operand_names():
    ops = {e["name"]: e for e in engine.catalog()}
    for name, symbol in BOOK_SYMBOLS.items():
        assert ops[name]["symbol"] == symbol
    assert ops["affine"]["operands"] == ["x", "W", "b"]
    assert ops["softmax_with_loss"]["operands"] == ["x", "t"]
    assert ops["softmax_with_loss"]["differentiable"] == [True, False]
    assert [a["name"] for a in ops["pow"]["attrs"]] == ["p"] and ops["pow"]["attrs"][0]["required"]
    assert {a["name"] for a in ops["sum"]["attrs"]} == {"axis", "keepdims"}


@pytest.mark.parametrize("entry", engine.catalog(), ids=lambda e: e["name"])
def test_every_op_and_leaf_has_a_title_in_both_languages(entry):
    title = entry["title"]
    assert set(title) == {"en", "ja"} and title["en"].strip() and title["ja"].strip()
    assert title["en"] != title["ja"]


def test_titles_are_the_books_japanese_terms():
    ja = {e["name"]: e["title"]["ja"] for e in engine.catalog()}
    assert (ja["mul"], ja["add"], ja["affine"]) == ("乗算ノード", "加算ノード", "Affineレイヤ")
    assert ja["softmax_with_loss"] == "Softmax-with-Lossレイヤ"

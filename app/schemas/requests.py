"""What comes in: the graph document (documented here, validated by the engine) and parse text.

Routes accept any JSON object as a graph document and let the engine validate it, so every error
names its node; these models give OpenAPI (and `/docs`) the shape to teach.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Number = float | Literal["NaN", "Infinity", "-Infinity"]
Array = Number | list[Any]  # a number, or a rectangular nested list of numbers

APPLE = {
    "version": 1,
    "title": "Apple shopping (Fig. 5-14)",
    "nodes": [
        {"id": "apple", "op": "input", "value": 100, "label": "price of one apple"},
        {"id": "apple_num", "op": "input", "value": 2},
        {"id": "tax", "op": "input", "value": 1.1},
        {"id": "apple_price", "op": "mul", "inputs": ["apple", "apple_num"]},
        {"id": "price", "op": "mul", "inputs": ["apple_price", "tax"]},
    ],
    "output": "price",
}
SIGMOID = {
    "title": "Sigmoid as a graph (Fig. 5-19)",
    "nodes": [
        {"id": "x", "op": "input", "value": 0.5},
        {"id": "minus1", "op": "const", "value": -1},
        {"id": "one", "op": "const", "value": 1},
        {"id": "a", "op": "mul", "inputs": ["x", "minus1"]},
        {"id": "b", "op": "exp", "inputs": ["a"]},
        {"id": "c", "op": "add", "inputs": ["b", "one"]},
        {"id": "y", "op": "div", "inputs": ["one", "c"]},
    ],
}
AFFINE = {
    "title": "Batch Affine layer with a loss",
    "nodes": [
        {"id": "x", "op": "input", "value": [[1.0, 2.0], [3.0, 4.0]]},
        {"id": "W", "op": "input", "value": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]},
        {"id": "b", "op": "input", "value": [0.1, 0.2, 0.3]},
        {"id": "t", "op": "const", "value": [2, 0]},
        {"id": "a", "op": "affine", "inputs": ["x", "W", "b"]},
        {"id": "loss", "op": "softmax_with_loss", "inputs": ["a", "t"]},
    ],
    "output": "loss",
}
DOCUMENT_EXAMPLES = {
    "apple": {"summary": "Apple shopping: price 220, d price / d apple = 2.2", "value": APPLE},
    "sigmoid": {"summary": "Sigmoid built from mul, exp, add and div, with const nodes",
                "value": SIGMOID},
    "affine": {"summary": "A batch of 2 through Affine and Softmax-with-Loss", "value": AFFINE},
}


class NodeSpec(BaseModel):
    """One node of a graph document."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"id": "apple", "op": "input", "value": 100, "label": "price of one apple"},
        {"id": "price", "op": "mul", "inputs": ["apple_price", "tax"]},
        {"id": "y", "op": "pow", "inputs": ["x"], "attrs": {"p": 2}},
    ]})

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]{1,64}$",
                    description="Unique id: 1-64 characters of A-Z a-z 0-9 _ - .")
    op: str = Field(description="A name from the op catalog (GET /api/ops), or the leaves"
                    " `input` (a variable: receives a gradient) and `const` (a fixed value)")
    inputs: list[str] | None = Field(None, description="Operand ids in positional order (op"
                                     " nodes only), e.g. affine takes x, W, b")
    value: Array | None = Field(None, description="Leaves only: a number or a rectangular nested"
                                " list of numbers; \"NaN\", \"Infinity\", \"-Infinity\" allowed")
    attrs: dict[str, Any] | None = Field(None, description="Op options, e.g. pow's exponent"
                                         " {\"p\": 2} or sum's {\"axis\": 0}")
    label: str | None = Field(None, description="Display text, any Unicode; shown as text")
    meta: dict[str, Any] | None = Field(None, description="Free-form data for the editor")


class GraphDocument(BaseModel):
    """A computation graph: nodes in any order (acyclic), the output's gradient seeded with ones.

    The same format everywhere: the API takes it, the editor saves it, `.json` files hold it.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [APPLE]})

    version: Literal[1] = Field(1, description="Format version; 1")
    title: str | None = None
    description: str | None = None
    nodes: list[NodeSpec] = Field(min_length=1)
    output: str | None = Field(None, description="The node whose gradient is seeded; when"
                               " omitted, the one node no other node consumes")
    seed: Array | None = Field(None, description="Gradient seeded at the output (default: ones"
                               " of its shape, the book's dout = 1)")
    meta: dict[str, Any] | None = Field(None, description="Free-form data (presets: title_ja,"
                                        " figure, order)")
    groups: list[dict[str, Any]] | None = Field(
        None, description="Composite boxes: [{id, name, nodes: [node ids], op: null or the layer"
        " they expand (affine, softmax_with_loss), collapsed: bool}]; no effect on the numbers"
        " (docs/groups.md)")


class ParseRequest(BaseModel):
    """Expression text: one assignment a line, Python-like, parsed without eval."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"examples": [
        {"source": "x = 1\ny = 2\nt = x + y\nz = t ** 2"},
        {"source": "x = [[1.0, 2.0]]\nW = [[0.1, 0.2], [0.3, 0.4]]\nb = [0.1, 0.2]\n"
                   "h = sigmoid(affine(x, W, b))\nloss = sum(h)"},
    ]})

    source: str = Field(description="e.g. `x = 1`, `y = 2`, `z = (x + y) ** 2` on three lines."
                        " Numbers or nested lists assigned to a name are inputs; `+ - * / ** @`,"
                        " unary minus and catalog ops (`exp(a)`, `affine(x, W, b)`,"
                        " `sum(x, axis=0)`, `const(-1)`) build nodes; the last name assigned is"
                        " the output.")

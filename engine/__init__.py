"""compgraph: graph documents in; values, gradients and the step trace out.

    import compgraph as cg
    graph = cg.validate(document)        # a Graph, or GraphError listing every problem
    result = cg.evaluate(document)
    result.values["price"], result.grads["apple"]

    x = cg.Value(2.0, name="x")          # micrograd-style: the graph is recorded as code runs
    y = x ** 3
    y.backward()                          # compgraph.evaluate on y.to_document()
    cg.grad(cg.grad(y, x), x).data        # 12.0

Pure numpy, no web imports. `cg.show` (anywidget) and `cg.Client` (httpx) import their
libraries when first used.
"""

from .autodiff import grad, jvp
from .cost import Cost, cost
from .document import Graph, Node, validate
from .errors import GraphError, Problem
from .evaluate import Evaluation, Program, compile, evaluate
from .gradcheck import GradCheck, InputCheck, gradcheck, numerical_gradient
from .limits import DEFAULT_LIMITS, Limits
from .ops import OPS, catalog
from .trace import BackwardStep, Edge, ForwardStep, SeedStep
from .value import Value, affine, softmax_with_loss
from .widget import show

__all__ = [
    "DEFAULT_LIMITS", "OPS", "AsyncClient", "BackwardStep", "Client", "Cost", "Edge",
    "Evaluation", "ForwardStep", "GradCheck", "Graph", "GraphError", "InputCheck", "Limits",
    "Node", "Problem", "Program", "SeedStep", "Value", "affine", "catalog", "compile", "cost",
    "evaluate", "grad", "gradcheck", "jvp", "numerical_gradient", "show",
    "softmax_with_loss", "validate",
]


def __getattr__(name: str):
    """`Client` and `AsyncClient` live in the web app's package and need httpx: load on use."""
    if name in ("Client", "AsyncClient", "ClientError"):
        from .app import client
        return getattr(client, name)
    raise AttributeError(f"module 'compgraph' has no attribute {name!r}")

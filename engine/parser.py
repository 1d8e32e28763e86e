"""Expression text -> graph document, through Python's `ast` and a whitelist (never `eval`).

    x = 1
    y = 2
    z = (x + y) ** 2

A name assigned a number or a nested list of numbers becomes an `input`; `+ - * / ** @`, unary
minus and calls of catalog ops build op nodes; numbers inside expressions become `const` nodes;
the last assigned name is the output. Sub-expressions get ids `t1`, `t2`, ... and constants
`c1`, `c2`, ... in the order they are read (names the source assigns are skipped). Nothing is
computed here: `2 ** 10 ** 10` is rejected (the exponent must be a number), not evaluated.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

from .document import ID_RE, validate
from .errors import GraphError, Problem
from .limits import Limits
from .ops import LEAVES, OPS


@dataclass(frozen=True)
class ParseLimits:
    max_chars: int = 20_000
    max_syntax_nodes: int = 5_000  # Python ast nodes, counted before anything is built
    max_depth: int = 100  # nesting of expressions and lists


BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.MatMult: "matmul"}
ALLOWED = (ast.Module, ast.Assign, ast.Name, ast.Load, ast.Store, ast.BinOp, ast.UnaryOp,
           ast.Call, ast.Constant, ast.List, ast.Tuple, ast.keyword, ast.USub, ast.UAdd,
           ast.Pow, *BINOPS)
WHAT = {  # how the rejected constructs students are likely to try are named in messages
    ast.Attribute: "attribute access (a.b)", ast.Import: "import", ast.ImportFrom: "import",
    ast.Lambda: "lambda", ast.ListComp: "a list comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator expression",
    ast.Subscript: "indexing (a[i])", ast.Compare: "a comparison", ast.BoolOp: "and/or",
    ast.IfExp: "an if expression", ast.FunctionDef: "def", ast.Expr: "a bare expression",
    ast.AugAssign: "augmented assignment (+=)", ast.Dict: "a dict", ast.Starred: "*args",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "the walrus operator (:=)",
}


class _Reject(Exception):
    def __init__(self, where: ast.AST | None, msg: str, node: str | None = None):
        self.line = getattr(where, "lineno", 1)
        self.col = getattr(where, "col_offset", 0) + 1
        self.node = node
        super().__init__(msg)


def _problem(type_: str, line: int, col: int, msg: str, node: str | None = None) -> Problem:
    return Problem(type_, f"line {line}, column {col}: {msg}", node, ("source", line, col))


def parse_expressions(source: str, *, limits: Limits | None = None,
                      parse_limits: ParseLimits | None = None) -> dict:
    """Build a graph document from expression text, validated by the engine; or GraphError."""
    pl = parse_limits or ParseLimits()
    if not isinstance(source, str):
        raise GraphError([Problem("bad_source", "source must be a string", None, ("source",))])
    if len(source) > pl.max_chars:
        raise GraphError([Problem("source_too_long", f"the source has {len(source)} characters;"
                                  f" the limit is {pl.max_chars}", None, ("source",))])
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as e:
        raise GraphError([_problem("syntax_error", e.lineno or 1, e.offset or 1,
                                   f"syntax error: {e.msg}")]) from None
    except (ValueError, RecursionError, MemoryError) as e:  # NUL bytes, absurd nesting
        raise GraphError([_problem("syntax_error", 1, 1, f"cannot read the source: {e}")]) from None
    try:
        builder = _Builder(tree, pl)
        doc = builder.build()
    except _Reject as e:
        raise GraphError([_problem("bad_expression", e.line, e.col, str(e), e.node)]) from None
    except RecursionError:
        raise GraphError([_problem("bad_expression", 1, 1, "the expressions are nested too"
                                   " deeply")]) from None
    try:
        validate(doc, limits)
    except GraphError as err:  # shapes, arity, limits: say where in the source
        raise GraphError([_locate(p, builder.where) for p in err.problems]) from None
    return doc


def _locate(p: Problem, where: dict[str, tuple[int, int]]) -> Problem:
    line, col = where.get(p.node, (1, 1))
    return _problem(p.type, line, col, p.msg, p.node)


class _Builder:
    def __init__(self, tree: ast.Module, pl: ParseLimits):
        self.tree = tree
        self.pl = pl
        self.nodes: list[dict] = []
        self.defined: dict[str, int] = {}  # name -> line
        self.where: dict[str, tuple[int, int]] = {}
        self.counters = {"t": 0, "c": 0}
        self.reserved: set[str] = set()

    def build(self) -> dict:
        count = 0
        for item in ast.walk(self.tree):
            count += 1
            if count > self.pl.max_syntax_nodes:
                raise _Reject(item, f"the source is too long: more than {self.pl.max_syntax_nodes}"
                              " syntax elements")
            if not isinstance(item, ALLOWED):
                raise _Reject(item, f"{WHAT.get(type(item), type(item).__name__)} is not"
                              " allowed; write one assignment a line, like z = x * y")
        body = self.tree.body
        if not body:
            raise _Reject(None, "the source has no assignments; write e.g. x = 1, then z = x * 2")
        self.reserved = {t.id for s in body for t in s.targets if isinstance(t, ast.Name)}
        output = None
        for stmt in body:
            output = self._statement(stmt)
        return {"version": 1, "nodes": self.nodes, "output": output}

    # --- statements --------------------------------------------------------------------------
    def _statement(self, stmt: ast.Assign) -> str:
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            raise _Reject(stmt, "assign to one plain name, like z = x * y")
        target = stmt.targets[0]
        name = target.id
        if not ID_RE.fullmatch(name):
            raise _Reject(target, f"the name {name!r} cannot be a node id: use 1-64 characters of"
                          " A-Z a-z 0-9 _ (put other text in a label)")
        if name in self.defined:
            raise _Reject(target, f"'{name}' is already assigned on line {self.defined[name]};"
                          " every name is assigned once (a graph has no reassignment)", name)
        value = stmt.value
        if _is_literal(value):
            self._add(name, value, {"op": "input", "value": self._literal(value, 0)})
        elif isinstance(value, ast.Name):
            raise _Reject(value, f"'{name} = {value.id}' only renames a node; use '{value.id}'"
                          " directly", name)
        else:
            self._op(value, 0, name)
        self.defined[name] = stmt.lineno
        return name

    def _add(self, nid: str, where: ast.AST, node: dict) -> str:
        self.nodes.append({"id": nid, **node})
        self.where[nid] = (where.lineno, where.col_offset + 1)
        return nid

    def _fresh(self, prefix: str) -> str:
        while True:
            self.counters[prefix] += 1
            nid = f"{prefix}{self.counters[prefix]}"
            if nid not in self.reserved:
                return nid

    # --- expressions -------------------------------------------------------------------------
    def _operand(self, e: ast.expr, depth: int) -> str:
        """The id of the node computing `e`: a name, a new const, or a new op node."""
        if isinstance(e, ast.Name):
            if e.id not in self.defined:
                hint = " (ops are called: exp(x))" if e.id in OPS else ""
                raise _Reject(e, f"'{e.id}' is not defined; assign it on an earlier line{hint}")
            return e.id
        if _is_literal(e):
            return self._add(self._fresh("c"), e, {"op": "const",
                                                  "value": self._literal(e, depth)})
        return self._op(e, depth, None)

    def _op(self, e: ast.expr, depth: int, name: str | None) -> str:
        if depth > self.pl.max_depth:
            raise _Reject(e, "the expression is nested too deeply", name)
        d = depth + 1
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Pow):
            base = self._operand(e.left, d)
            node = {"op": "pow", "inputs": [base], "attrs": {"p": self._exponent(e.right)}}
        elif isinstance(e, ast.BinOp):
            return self._chain(e, d, name)
        elif isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.UAdd):
            if name is not None:
                raise _Reject(e, f"'{name} = +...' only renames a node", name)
            return self._operand(e.operand, d)
        elif isinstance(e, ast.UnaryOp):
            node = {"op": "neg", "inputs": [self._operand(e.operand, d)]}
        elif isinstance(e, ast.Call):
            node = self._call(e, d)
        else:
            raise _Reject(e, f"{_describe(e)} cannot be used here", name)
        return self._add(name or self._fresh("t"), e, node)

    def _chain(self, e: ast.BinOp, depth: int, name: str | None) -> str:
        """`a + b + c + ...` (left-nested binary ops) built in a loop: a flat sum of any length
        is one level of nesting, not one per term. Nodes and ids as the recursion would make."""
        spine = [e]
        while _is_chained(spine[-1].left):
            spine.append(spine[-1].left)
        left = self._operand(spine[-1].left, depth)
        for b in reversed(spine):
            node = {"op": BINOPS[type(b.op)], "inputs": [left, self._operand(b.right, depth)]}
            left = self._add(name if b is e and name else self._fresh("t"), b, node)
        return left

    def _call(self, e: ast.Call, depth: int) -> dict:
        if not isinstance(e.func, ast.Name):
            raise _Reject(e, "only catalog ops can be called, like exp(x)")
        fn = e.func.id
        if fn == "const":
            if len(e.args) != 1 or e.keywords or not _is_literal(e.args[0]):
                raise _Reject(e, "const takes one number or nested list, like const(-1)")
            return {"op": "const", "value": self._literal(e.args[0], depth)}
        if fn not in OPS:
            known = ", ".join(OPS)
            extra = " (a name assigned a number is already an input)" if fn in LEAVES else ""
            raise _Reject(e.func, f"unknown function '{fn}'{extra}; the ops are: {known}, const")
        cls = OPS[fn]
        if len(e.args) != len(cls.operands):
            raise _Reject(e, f"{fn} takes {len(cls.operands)} argument(s)"
                          f" ({', '.join(cls.operands)}), got {len(e.args)}")
        attrs = {}
        for kw in e.keywords:
            if kw.arg is None or kw.arg not in cls.attr_specs:
                allowed = ", ".join(cls.attr_specs) or "none"
                raise _Reject(kw, f"{fn} has no option '{kw.arg}' (allowed: {allowed})")
            attrs[kw.arg] = self._attr(kw.value)
        node = {"op": fn, "inputs": [self._operand(a, depth) for a in e.args]}
        if attrs:
            node["attrs"] = attrs
        return node

    def _exponent(self, e: ast.expr) -> float | int:
        if not _is_number(e):
            raise _Reject(e, "the exponent of ** must be a number, like x ** 2 (pow has a"
                          " constant exponent)")
        return self._number(e)

    def _attr(self, e: ast.expr):
        if isinstance(e, ast.Constant) and (e.value is None or isinstance(e.value, bool)):
            return e.value
        if _is_number(e):
            return self._number(e)
        if isinstance(e, (ast.List, ast.Tuple)) and all(_is_number(v) for v in e.elts):
            return [self._number(v) for v in e.elts]
        raise _Reject(e, "an option must be a number, a list of numbers, True, False or None")

    # --- literals ------------------------------------------------------------------------------
    def _literal(self, e: ast.expr, depth: int):
        if depth > self.pl.max_depth:
            raise _Reject(e, "the list is nested too deeply")
        if isinstance(e, (ast.List, ast.Tuple)):
            return [self._literal(v, depth + 1) for v in e.elts]
        return self._number(e)

    @staticmethod
    def _number(e: ast.expr):
        sign = 1
        while isinstance(e, ast.UnaryOp):
            sign = -sign if isinstance(e.op, ast.USub) else sign
            e = e.operand
        v = e.value
        if isinstance(v, int) and abs(v) > 2 ** 53:
            raise _Reject(e, "the number is too large (integers up to 2**53; write 1e20 for"
                          " bigger numbers)")
        if isinstance(v, float) and not math.isfinite(v):
            raise _Reject(e, "the number is too large for float64")
        return sign * v


def _is_number(e: ast.expr) -> bool:
    while isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        e = e.operand
    return (isinstance(e, ast.Constant) and isinstance(e.value, (int, float))
            and not isinstance(e.value, bool))


def _is_chained(e: ast.expr) -> bool:
    return isinstance(e, ast.BinOp) and not isinstance(e.op, ast.Pow)


def _is_literal(e: ast.expr) -> bool:
    """A number or a (possibly nested) list of numbers: nothing to compute."""
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, (ast.List, ast.Tuple)):
            stack.extend(x.elts)
        elif not _is_number(x):
            return False
    return True


def _describe(e: ast.expr) -> str:
    if isinstance(e, ast.Constant):
        return f"the value {e.value!r:.30}"
    return WHAT.get(type(e), type(e).__name__)

"""The one exception the engine raises for a graph it cannot evaluate."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph document, in words a student understands."""

    type: str
    msg: str
    node: str | None = None
    loc: tuple = field(default=())

    def as_dict(self) -> dict:
        return {"type": self.type, "loc": list(self.loc), "msg": self.msg, "node": self.node}


class GraphError(ValueError):
    """A graph document that cannot be evaluated; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.msg for p in self.problems))


def fail(type_: str, msg: str, node: str | None = None, loc: tuple = ()) -> GraphError:
    return GraphError([Problem(type_, msg, node, loc)])

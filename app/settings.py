"""Settings read from the environment (COMPGRAPH_*): limits, database, concurrency, origins.

The engine's limits keep their defaults in one place, `compgraph.Limits`: each setting of the
same name starts from it, and `limits` passes them all back.
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

import compgraph as engine
from compgraph.parser import ParseLimits

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = engine.DEFAULT_LIMITS


class Settings(BaseSettings):
    """Every field can be set by an environment variable: `db` is `COMPGRAPH_DB`, and so on."""

    model_config = SettingsConfigDict(env_prefix="COMPGRAPH_")

    db: str = Field(str(ROOT / "data" / "compgraph.sqlite3"),
                    description="saved graphs: a SQLite file (created on first use) or a"
                    " postgresql:// URL (the `postgres` extra; the table is created on first use)")
    max_nodes: int = Field(DEFAULT.max_nodes, ge=1, description="nodes per graph")
    max_elements: int = Field(DEFAULT.max_elements, ge=1,
                              description="array elements summed over every node of a graph")
    max_elements_created: int = Field(
        DEFAULT.max_elements_created, ge=1,
        description="array elements evaluating a graph creates (values, gradients, trace)")
    max_answer_bytes: int = Field(DEFAULT.max_answer_bytes, ge=1,
                                  description="estimated size of an answer's JSON")
    deadline_seconds: float | None = Field(DEFAULT.deadline_seconds, gt=0,
                                           description="wall-clock seconds one evaluation may"
                                           " take")
    max_busy: int = Field(max(2, os.cpu_count() or 1), ge=1, description="expensive requests"
                          " (evaluate, gradient check, train, export, save) run at once; one"
                          " more is answered 503 with Retry-After")
    worker_processes: int = Field(
        max(2, os.cpu_count() or 1), ge=0, description="processes that run gradient checks and"
        " heavy evaluations beside the server, so their Python loops leave its event loop free;"
        " started on first use; 0: run them in the server's threads")
    process_work: int = Field(
        DEFAULT.max_gradcheck_work // 50, ge=0, description="an evaluation with more forward"
        " work than this (units of max_gradcheck_work, about 20 ms by default) runs in a worker"
        " process; lighter ones (the apple) in the server, with no added latency")
    inline_work: int = Field(
        300, ge=0, description="an evaluation this small by the cost model (forward work and"
        " array elements created at most this, an answer of at most this many numbers) is"
        " answered on the event loop: the hop to a worker thread would cost more than it (the"
        " apple: work 6, 14 elements, ~90 numbers); its body must also be small enough to"
        " validate there (4 kB); 0: never")
    max_body_bytes: int = Field(8_000_000, ge=1, description="request body size (else 413)")
    max_saved_bytes: int = Field(1_000_000, ge=1,
                                 description="a saved graph's canonical JSON size (else 413)")
    max_source_chars: int = Field(20_000, ge=1, description="POST /api/parse source length")
    max_gradcheck_elements: int = Field(
        20_000, ge=1, description="input elements a gradient check may perturb (2 forwards each)")
    max_evaluation_work: int = Field(
        DEFAULT.max_gradcheck_work // 2, ge=1, description="one evaluation's work (the cost"
        " model's forward work, units of max_gradcheck_work), about half a second")
    max_gradcheck_work: int = Field(
        DEFAULT.max_gradcheck_work, ge=1, description="a gradient check's"
        " forward passes x the cost of one pass, about a second of work")
    trace_full_elements: int = Field(
        1_000, ge=0, description="in the trace, arrays above this many elements are summarised"
        " unless ?arrays=full")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="CORS origins, comma-separated; empty: same origin only")
    examples_dir: Path = Field(ROOT / "examples", description="the preset graph documents")

    @field_validator("db", mode="before")
    @classmethod
    def _path(cls, v):
        return str(v) if isinstance(v, Path) else v

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split(cls, v):
        if isinstance(v, str):
            return [o.strip() for o in v.split(",") if o.strip()]
        return v

    @property
    def limits(self) -> engine.Limits:
        """Every limit the engine's `Limits` has a field for, from these settings."""
        return engine.Limits(**{f.name: getattr(self, f.name)
                                for f in dataclasses.fields(engine.Limits)})

    @property
    def parse_limits(self) -> ParseLimits:
        return ParseLimits(max_chars=self.max_source_chars)


@lru_cache
def get_settings() -> Settings:
    """The process's settings; `create_app(settings)` overrides this dependency per app."""
    return Settings()

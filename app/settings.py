"""Settings read from the environment (COMPGRAPH_*): limits, database path, origins."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

import compgraph as engine
from compgraph.parser import ParseLimits

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every field can be set by an environment variable: `db` is `COMPGRAPH_DB`, and so on."""

    model_config = SettingsConfigDict(env_prefix="COMPGRAPH_")

    db: Path = Field(ROOT / "data" / "compgraph.sqlite3",
                     description="SQLite file of saved graphs (created on first use)")
    max_nodes: int = Field(5_000, ge=1, description="nodes per graph")
    max_elements: int = Field(1_000_000, ge=1,
                              description="array elements summed over every node of a graph")
    max_body_bytes: int = Field(8_000_000, ge=1, description="request body size (else 413)")
    max_saved_bytes: int = Field(1_000_000, ge=1,
                                 description="a saved graph's canonical JSON size (else 413)")
    max_source_chars: int = Field(20_000, ge=1, description="POST /api/parse source length")
    max_gradcheck_elements: int = Field(
        20_000, ge=1, description="input elements a gradient check may perturb (2 forwards each)")
    max_gradcheck_work: int = Field(
        100_000_000, ge=1, description="a gradient check's forward passes x (array elements +"
        " 50 per node), about a second of work")
    trace_full_elements: int = Field(
        1_000, ge=0, description="in the trace, arrays above this many elements are summarised"
        " unless ?arrays=full")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="CORS origins, comma-separated; empty: same origin only")
    examples_dir: Path = Field(ROOT / "examples", description="the preset graph documents")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split(cls, v):
        if isinstance(v, str):
            return [o.strip() for o in v.split(",") if o.strip()]
        return v

    @property
    def limits(self) -> engine.Limits:
        return engine.Limits(max_nodes=self.max_nodes, max_elements=self.max_elements)

    @property
    def parse_limits(self) -> ParseLimits:
        return ParseLimits(max_chars=self.max_source_chars)


@lru_cache
def get_settings() -> Settings:
    """The process's settings; `create_app(settings)` overrides this dependency per app."""
    return Settings()

"""Settings read from the environment (COMPGRAPH_*): limits, database path, origins."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

import engine

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMPGRAPH_")

    db: Path = ROOT / "data" / "compgraph.sqlite3"
    max_nodes: int = 5_000
    max_elements: int = 1_000_000
    max_body_bytes: int = 8_000_000
    allowed_origins: list[str] = []
    examples_dir: Path = ROOT / "examples"

    @property
    def limits(self) -> engine.Limits:
        return engine.Limits(max_nodes=self.max_nodes, max_elements=self.max_elements)


@lru_cache
def get_settings() -> Settings:
    return Settings()

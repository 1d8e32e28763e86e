"""compgraph's web app: FastAPI JSON endpoints and the page routes around the engine."""

from importlib.metadata import version

__version__ = version("compgraph")  # one place: pyproject.toml's [project] version

"""compgraph's web app: FastAPI JSON endpoints and the page routes around the engine."""

__version__ = "0.1.0"

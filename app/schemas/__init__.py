"""Pydantic models of the API, split by direction: what comes in, what goes out."""

"""JSON bytes in and out with orjson (measured ~10x faster than the stdlib's `json` both ways on
the book's 784-50-10 net), keeping the stdlib's meaning where orjson differs.

- `loads`: bare `NaN`/`Infinity`/`-Infinity` tokens become the strings the engine reads (orjson
  refuses them), and UTF-16/32 bodies, lone surrogates and numbers beyond float64 are read as
  the stdlib reads them: anything orjson refuses is handed to `json.loads`, whose error text the
  API reports. One difference: orjson reads an integer beyond 64 bits as the nearest float, the
  float64 the engine makes of it anyway.
- `dumps`: JSON-ready data (non-finite numbers already strings) to UTF-8 bytes; float64 arrays
  that hold only finite numbers may be passed as numpy arrays and are written without `tolist`.
  Integers beyond 64 bits fall back to the stdlib.
"""

from __future__ import annotations

import json

import numpy as np
import orjson
from fastapi.responses import Response

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def loads(raw: bytes | str):
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw, parse_constant=str)


def _default(obj):
    if isinstance(obj, np.ndarray):  # non-contiguous, or a dtype orjson does not write
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    try:
        return orjson.dumps(data, default=_default, option=_OPTIONS)
    except TypeError:  # an integer beyond 64 bits: the stdlib writes it exactly
        return json.dumps(data, default=_default, ensure_ascii=False,
                          separators=(",", ":")).encode()


class JSONBytes(Response):
    """A response whose body is already JSON bytes (e.g. `serialize.encode_answer`'s, encoded in
    a worker thread); a dict given instead is encoded here with `dumps`."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        return content if isinstance(content, bytes) else dumps(content)

"""Leaf values: JSON numbers, nested lists or numpy arrays in; float64 arrays out."""

from __future__ import annotations

import math
import sys
from numbers import Real

import numpy as np

from .ops.base import OpError, fmt_shape

_BOOLS = {bool, np.bool_}
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_AS_STRING = {math.inf: "Infinity", -math.inf: "-Infinity"}


def to_array(value) -> np.ndarray:
    """A float64 array for a leaf's value, or OpError saying what is wrong with it."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise OpError("non_numeric_value", f"value has dtype {value.dtype}, not numbers")
        return value.astype(np.float64, copy=True)
    if _is_number(value) or (isinstance(value, str) and value in NON_FINITE):
        return np.asarray(_walk(value, ()))
    if not isinstance(value, (list, tuple)):
        raise OpError("non_numeric_value", f"value must be a number or a nested list of"
                           f" numbers, got {_kind(value)}")
    if type(value) is list and _sparse(value):
        arr = _plain_floats(value)
        if arr is not None:
            return arr
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError, OverflowError):
        arr = None
    if arr is not None and arr.dtype.kind in "iuf" and arr.size and not _has_bool(value, arr):
        return arr.astype(np.float64, copy=False)  # a fresh array already: no second copy
    return np.asarray(_walk(value, ()), dtype=np.float64)


MAX_DEPTH = 32  # numpy itself stops at 64 dimensions
# the booleans' addresses: on CPython an object's id is its address, so a numpy object array's
# data, read as integers, says where a boolean sits without a Python call per element
_BOOL_IDS = (id(True), id(False)) if sys.implementation.name == "cpython" else None
_PLAIN = {float, int}


def _sparse(value: list) -> bool:
    """Whether the first innermost list holds Python floats and ints only, a 0 or a 1 among them
    (MNIST-like data: rows of zeros), where numpy's reading would leave many rows to look
    through for booleans (`_has_bool`). Lists of numpy scalars or arrays go to numpy: the bulk
    passes of `_plain_floats` would read them only to give them back."""
    row = value
    while row and type(row[0]) is list:
        row = row[0]
    return set(map(type, row)) <= _PLAIN and (0.0 in row or 1.0 in row)


def _plain_floats(value: list) -> np.ndarray | None:
    """A rectangular nested list of Python floats and ints as a float64 array, read in bulk passes
    instead of numpy's type discovery plus a look at every row for booleans; None for anything
    else (the caller's general reading then finds and names the problem).

    The passes: the lists, level by level (all lists, all one length), flattened; `sum` over the
    numbers, whose C loop adds exact floats and ints without a Python call and gives a non-float
    (numpy scalars, arrays) or raises (strings, None, lists in a row) for anything else; one object
    array of the numbers, whose pointers, compared with the booleans' (the only ints numpy would
    silently read as 1.0 and 0.0), show any boolean; its float64 cast is the result. (One
    difference from the general reading: an object of a class of one's own that adds to a float
    giving a float, and has __float__, is read with float() here, as a Real would be.)"""
    if _BOOL_IDS is None or not value:
        return None
    shape, flat = [len(value)], value
    while type(flat[0]) is list:
        n = len(flat[0])
        if not n or set(map(type, flat)) != {list} or len(set(map(len, flat))) != 1:
            return None
        shape.append(n)
        if len(shape) > MAX_DEPTH:
            return None
        rows, flat = flat, []
        for row in rows:
            flat += row
    try:
        if type(sum(flat, 0.0)) is not float:
            return None
    except (TypeError, OverflowError):
        return None
    objects = np.fromiter(flat, dtype=object, count=len(flat))
    try:  # an object array's buffer holds its elements' addresses (numpy >= 1.26 exports it)
        address = np.frombuffer(objects, dtype=np.intp)
    except (ValueError, TypeError, BufferError):  # a numpy that does not: the general reading
        return None
    if ((address == _BOOL_IDS[0]) | (address == _BOOL_IDS[1])).any():
        return None
    return objects.astype(np.float64).reshape(shape)


def _walk(value, path: tuple):
    """Slow path that explains the problem: ragged lists, strings, booleans, empty lists."""
    if len(path) > MAX_DEPTH:
        raise OpError("ragged_value", f"value is nested more than {MAX_DEPTH} lists deep")
    if isinstance(value, np.ndarray):  # inside a list: read it like the list it stands for
        value = value.tolist()
    if _is_number(value):
        try:
            return float(value)
        except OverflowError:
            raise OpError("non_numeric_value", f"value{_at(path)} is too large for"
                               " float64") from None
    if isinstance(value, str) and value in NON_FINITE:
        return NON_FINITE[value]
    if not isinstance(value, (list, tuple)):
        raise OpError("non_numeric_value", f"value{_at(path)} must be a number, got"
                           f" {_kind(value)}")
    if not value:
        raise OpError("ragged_value", f"value{_at(path)} is an empty list")
    items = [_walk(v, path + (i,)) for i, v in enumerate(value)]
    shapes = [np.shape(v) for v in items]
    for i, s in enumerate(shapes):
        if s != shapes[0]:
            raise OpError("ragged_value", f"value is ragged: item{_at(path + (0,))} has"
                               f" shape {fmt_shape(shapes[0])} but item{_at(path + (i,))} has shape"
                               f" {fmt_shape(s)}; every row must have the same length")
    return items


def _has_bool(value, arr: np.ndarray) -> bool:
    """numpy turns [1.5, True] into [1.5, 1.0]: look for booleans in the rectangular nested list
    `value` that became `arr`. A boolean can only have become a 0 or a 1, so only the innermost
    lists holding a 0 or a 1 are read (none, for most measured data)."""
    rows = arr.reshape(-1, arr.shape[-1])
    suspects = np.flatnonzero(((rows == 0) | (rows == 1)).any(axis=1))
    if not suspects.size:
        return False
    if arr.ndim == 1:
        paths = [()]
    else:
        paths = zip(*(i.tolist() for i in np.unravel_index(suspects, arr.shape[:-1])))
    for path in paths:
        row = value
        for i in path:
            row = row[i]
        if _row_has_bool(row):
            return True
    return False


def _row_has_bool(row) -> bool:
    if isinstance(row, np.ndarray):  # a list of arrays
        return row.dtype.kind not in "iuf"
    types = set(map(type, row))
    if not _BOOLS.isdisjoint(types):
        return True
    return np.ndarray in types and any(_row_has_bool(v) for v in row
                                       if isinstance(v, np.ndarray))


def _is_number(v) -> bool:
    return isinstance(v, (Real, np.number)) and not isinstance(v, (bool, np.bool_))


def _kind(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return f"the boolean {str(bool(v)).lower()}"
    if isinstance(v, str):
        return f"the string {v[:20]!r}"
    if v is None:
        return "null"
    return type(v).__name__


def _at(path: tuple) -> str:
    return "".join(f"[{i}]" for i in path)


def as_json(a):
    """A number or nested lists of numbers, the inverse of to_array: NaN and ±Infinity written as
    the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers); None stays None."""
    if a is None:
        return None
    if isinstance(a, float):  # Python floats and numpy float64 scalars: the common case
        return float(a) if math.isfinite(a) else _non_finite(float(a))
    arr = np.asarray(a, dtype=np.float64)
    data = arr.tolist()
    return data if np.isfinite(arr).all() else _non_finite(data)


def _non_finite(v):
    if isinstance(v, list):
        return [_non_finite(x) for x in v]
    if math.isnan(v):
        return "NaN"
    return _AS_STRING.get(v, v)

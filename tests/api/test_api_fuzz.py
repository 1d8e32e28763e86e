"""Random graph documents, well-formed or not: the answer is 200 or 422, never a 500."""

from __future__ import annotations

import pytest
from apihelp import make_client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import compgraph as engine

OPS = [o["name"] for o in engine.catalog()]
IDS = ["a", "b", "c", "d", "x"]
numbers = st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=64),
                    st.integers(-10**6, 10**6), st.sampled_from(["NaN", "Infinity", "-Infinity"]))
values = st.one_of(numbers, st.lists(numbers, min_size=0, max_size=4),
                   st.lists(st.lists(numbers, min_size=1, max_size=3), min_size=1, max_size=3),
                   st.just(None), st.text(max_size=3), st.booleans())
attrs = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "p": st.one_of(numbers, st.text(max_size=2)), "axis": st.one_of(st.integers(-3, 3),
                                                                   st.lists(st.integers(-3, 3))),
    "keepdims": st.booleans()}))
node = st.fixed_dictionaries({"id": st.sampled_from(IDS), "op": st.sampled_from(OPS)}, optional={
    "inputs": st.lists(st.sampled_from(IDS), max_size=3), "value": values, "attrs": attrs,
    "label": st.text(max_size=5)})
documents = st.fixed_dictionaries({"nodes": st.lists(node, min_size=1, max_size=6)}, optional={
    "output": st.sampled_from(IDS), "seed": values, "version": st.sampled_from([1, 2])})


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    with make_client(tmp_path_factory.mktemp("fuzz")) as c:
        yield c


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=documents, path=st.sampled_from(["/api/evaluate", "/api/gradcheck", "/api/graphs",
                                            "/api/export/dot"]))
def test_random_documents_never_500(fuzz_client, doc, path):
    r = fuzz_client.post(path, json=doc)
    assert r.status_code in (200, 201, 422), (r.status_code, r.text[:500], doc)
    if r.status_code == 422:
        assert all(item["msg"] for item in r.json()["detail"])


"""Helpers for the tests of the pages that take a saved graph out of the app (handout, embed,
one-file player, video): saving a preset, the apple graph's numbers from the book."""

from __future__ import annotations

import httpx

# Fig. 5-14: 2 apples at 100 yen, 10% tax. Forward: 200, 220; backward: the gradients below.
APPLE_VALUES = {("apple", "apple_price"): "100", ("apple_num", "apple_price"): "2",
                ("tax", "price"): "1.1", ("apple_price", "price"): "200", ("price", ""): "220"}
APPLE_GRADS = {("apple", "apple_price"): "2.2", ("apple_num", "apple_price"): "110",
               ("tax", "price"): "200", ("apple_price", "price"): "1.1", ("price", ""): "1"}
APPLE_STEPS = 5  # two forward multiplications, the seed, two backward multiplications


def save_example(base_url: str, name: str = "apple") -> str:
    """Save a preset through the API; its id."""
    doc = httpx.get(f"{base_url}/api/examples/{name}").raise_for_status().json()
    return httpx.post(f"{base_url}/api/graphs", json=doc).raise_for_status().json()["id"]


def labels(page_or_frame, kind: str) -> dict:
    """Every edge's value or grad label text, keyed by (from, to)."""
    return page_or_frame.evaluate(
        """kind => Object.fromEntries([...document.querySelectorAll('g.edge')].map((g) =>
            [g.dataset.from + '>' + g.dataset.to, g.querySelector('.label.' + kind).textContent]))""",
        kind)


def as_keys(expected: dict) -> dict:
    return {f"{a}>{b}": v for (a, b), v in expected.items()}

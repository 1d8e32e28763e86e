"""GET /api/ops serves what each op of the catalog declares: titles, backward notation."""

from __future__ import annotations


def test_every_op_is_served_with_its_title_in_both_languages(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    assert ops["mul"]["title"] == {"en": "× node", "ja": "乗算ノード"}
    assert ops["input"]["title"]["ja"] == "入力"
    for name, entry in ops.items():
        assert entry["title"]["en"] and entry["title"]["ja"], name


def test_the_backward_notation_is_served_per_operand(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    x, w, b = ops["affine"]["backward"]
    assert "Wᵀ" in x["words"]["en"] and x["shapes"] == "{grad_shape} = {up_shape} · {localT_shape}"
    assert "Xᵀ" in w["words"]["ja"] and r"X^{T}" in w["latex"]
    assert "{sum}" in b["words"]["en"]
    assert "{seed}" in ops["input"]["seed"]["en"] and "{seed}" in ops["mul"]["seed"]["ja"]
    assert ops["relu"]["backward"][0]["words"]["en"].startswith("the mask (x > 0)")

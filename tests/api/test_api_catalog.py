"""GET /api/ops serves what each op of the catalog declares: titles, backward notation."""

from __future__ import annotations


def test_every_op_is_served_with_its_title_in_both_languages(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    assert ops["mul"]["title"] == {"en": "× node", "ja": "乗算ノード"}
    assert ops["input"]["title"]["ja"] == "入力"
    for name, entry in ops.items():
        assert entry["title"]["en"] and entry["title"]["ja"], name

"""HEAD on every GET route (pages, saved graphs, /api/health): answered as the GET would be,
headers only. FastAPI routes answer GET alone; load balancers and link checkers send HEAD."""

from __future__ import annotations


class HeadAsGet:
    """ASGI middleware: run a HEAD request as GET and drop the body it sends."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)

"""Request-id propagation and one access line per request.

Pure ASGI (not BaseHTTPMiddleware) so that unhandled exceptions keep propagating to
uvicorn, which logs them with the full traceback ("Exception in ASGI application").
"""
import logging
import re
import sys
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def _access_logger() -> logging.Logger:
    logger = logging.getLogger("demo_shop.access")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = _access_logger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        incoming = dict(scope["headers"]).get(HEADER, b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_code = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status_code, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status_code = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                headers.append((HEADER, request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if not response_started:
                await send_with_id({
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                })
                await send_with_id({"type": "http.response.body", "body": b"Internal Server Error"})
            self._access(scope, request_id, 500, started, error=type(exc).__name__)
            raise
        self._access(scope, request_id, status_code, started)

    def _access(
        self, scope: Scope, request_id: str, status_code: int, started: float, error: str | None = None
    ) -> None:
        duration_ms = (time.perf_counter() - started) * 1000
        line = (
            f"request_id={request_id} method={scope['method']} path={scope['path']} "
            f"status={status_code} duration_ms={duration_ms:.1f}"
        )
        if error:
            line += f" error={error}"
        self.log.info(line)

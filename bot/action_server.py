"""The action server: rasa_sdk's Sanic app, on 127.0.0.1 unless told otherwise, refusing every
call without the shared secret.

Rasa sends `Authorization: Bearer <ACTION_SERVER_TOKEN>` with each action call (endpoints.yml);
every route but /health answers 401 without it. The secret is read from the environment only,
never from the command line, and the server does not start without one.

  python -m bot actions [--host 127.0.0.1] [--port 5055]
"""
from __future__ import annotations

import hmac
import os
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

TOKEN_ENV = "ACTION_SERVER_TOKEN"
DEFAULT_HOST = "127.0.0.1"
OPEN_PATHS = frozenset({"/health"})


def authorized(header: Optional[str], token: str) -> bool:
    """True when `header` is `Bearer <token>` (compared in constant time) and a token is set."""
    scheme, _, given = (header or "").strip().partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa_sdk's app (no CORS: browsers have no business here) behind the token check."""
    from rasa_sdk import endpoint

    if not token:
        raise ValueError(f"{TOKEN_ENV} is not set: the action server never runs without a secret.")
    app = endpoint.create_app(actions, cors_origins="")

    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS or authorized(request.headers.get("Authorization"), token):
            return None
        return response.json({"error": "unauthorized"}, status=401)

    app.register_middleware(require_token, "request")
    return app


def serve(host: str, port: int, actions: str = "actions") -> int:
    """Run the action server until it is stopped; 2 when there is no secret."""
    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    from bot import log_redaction

    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"{TOKEN_ENV} is not set: the action server never runs without a secret "
              "(`python -m bot run` passes it).", flush=True)
        return 2
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    log_redaction.install()
    app = create_app(token, actions)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    app.run(host, port, workers=utils.number_of_sanic_workers())
    return 0

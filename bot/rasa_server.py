"""Starts Rasa's server with its HTTP API token read from the environment.

`rasa run --auth-token <token>` would show the token to anyone who can list processes
(/proc/PID/cmdline). Here Rasa's own command line parser gets the token in this process's
memory only; the process was started without it. Access logs lose calendar and query tokens.

  python -m bot rasa run --model ... --enable-api --endpoints endpoints.yml ...
"""
from __future__ import annotations

import os
import sys
from typing import List, Sequence

TOKEN_ENV = "RASA_API_TOKEN"


def rasa_argv(args: Sequence[str], token: str) -> List[str]:
    """Rasa's command line with the token added to `run` (kept in memory, never passed to exec)."""
    if any(a == "--auth-token" or a.startswith("--auth-token=") for a in args):
        raise ValueError("The token comes from RASA_API_TOKEN, never from the command line.")
    return ["rasa", *args, "--auth-token", token] if list(args[:1]) == ["run"] else ["rasa", *args]


def main(args: Sequence[str]) -> int:
    """Run `rasa <args>`, `run` with `--auth-token $RASA_API_TOKEN`; 2 for `run` without a token."""
    token = os.environ.get(TOKEN_ENV, "")
    if not token and list(args[:1]) == ["run"]:
        print(f"{TOKEN_ENV} is not set: the Rasa HTTP API never opens without a token.", flush=True)
        return 2
    from bot import log_redaction

    log_redaction.install()
    import rasa.__main__

    sys.argv = rasa_argv(args, token)
    rasa.__main__.main()
    return 0

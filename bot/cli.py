"""`python -m bot`: the service's command line."""
from __future__ import annotations

import argparse
from typing import List, Optional

from bot.settings import ENV_FILE, load_settings, write_env_file


def _init_env(_: argparse.Namespace) -> int:
    if write_env_file():
        print(f"Wrote {ENV_FILE} with fresh secrets.")
    return 0


def _run(_: argparse.Namespace) -> int:
    from bot.services import run_until_stopped

    write_env_file()
    return run_until_stopped(load_settings())


def _web(args: argparse.Namespace) -> int:
    from bot.web import serve

    serve(load_settings(), port=args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per job."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-env", help="write .env with fresh secrets if there is none").set_defaults(
        handler=_init_env
    )
    commands.add_parser("run", help="start the whole service; Ctrl-C stops it").set_defaults(
        handler=_run
    )
    web = commands.add_parser("web", help="run only the service's web server (calendar files)")
    web.add_argument("--port", type=int, default=None)
    web.set_defaults(handler=_web)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Parse the arguments and run the chosen command."""
    args = build_parser().parse_args(argv)
    return args.handler(args)

"""`python -m bot`: the service's command line."""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

from bot.settings import ENV_FILE, complete_env_file, load_settings, write_env_file


def _prepare_env_file() -> None:
    """A .env with every secret, readable by its owner only (an older one gets the new secrets)."""
    if write_env_file():
        print(f"Wrote {ENV_FILE} with fresh secrets (readable by you only).")
    added = complete_env_file()
    if added:
        print(f"Added fresh secrets to {ENV_FILE}: {', '.join(added)}.")


def _init_env(_: argparse.Namespace) -> int:
    _prepare_env_file()
    return 0


def _run(_: argparse.Namespace) -> int:
    from bot.casework.database import upgrade
    from bot.supervision import run_supervised

    _prepare_env_file()
    settings = load_settings()
    upgrade(settings.casework_db_url)
    return run_supervised(settings)


def _backup(args: argparse.Namespace) -> int:
    from bot.backup import BackupError, backup, read_manifest

    try:
        folder = backup(load_settings(), Path(args.to) if args.to else None)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    for name, entry in read_manifest(folder).items():
        print(f"{name}: {', '.join(f'{k} {v}' for k, v in entry['counts'].items())}")
    print(f"Backed up to {folder} (readable by its owner only). Restore with: python -m bot restore {folder}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from bot.backup import BackupError, restore

    try:
        stores = restore(load_settings(), Path(args.folder))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    for name, entry in stores.items():
        print(f"{name} restored: {', '.join(f'{k} {v}' for k, v in entry['counts'].items())}")
    return 0


def _privacy(args: argparse.Namespace) -> int:
    import time as clock

    from dotenv import dotenv_values

    from bot import privacy

    from bot.settings import casework_url

    values = {**{k: v for k, v in dotenv_values(ENV_FILE).items() if v is not None}, **os.environ}
    actor = f"cli:{getpass.getuser()}"
    # Only the two stores: no service secret is needed (the scale-out retention job gets none).
    tracker, casework = values.get("TRACKER_DB", "var/tracker.db"), casework_url(values.get("CASEWORK_DB_URL", ""))
    if args.privacy_command == "purge":
        policy = privacy.RetentionPolicy.from_values(values)
        while True:
            counts = privacy.purge(tracker, casework, policy, actor="retention" if args.daily else actor,
                                   dry_run=args.dry_run)
            verb = "would be erased" if args.dry_run else "erased"
            print(f"Retention ({policy.conversation_days} days for conversations, {policy.closed_escalation_days} for "
                  f"closed escalations): {verb}: {json.dumps(counts)}", flush=True)
            if not args.daily:
                return 0
            clock.sleep(24 * 3600)
    chosen = [x for x in (args.conversation, args.phone, args.case) if x]
    if len(chosen) != 1:
        print("Give exactly one of --conversation, --phone or --case.", file=sys.stderr)
        return 2
    subject = privacy.find_subject(tracker, casework, args.conversation, args.phone, args.case)
    if subject.empty:
        print("Nothing is held for that.", file=sys.stderr)
        return 1
    if args.privacy_command == "export":
        data = json.dumps(privacy.export(tracker, casework, subject, actor), indent=2, ensure_ascii=False)
        if args.out:
            descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(data)
            print(f"Written to {args.out} (readable by its owner only): {len(subject.conversations)} conversations, "
                  f"{len(subject.cases)} cases.")
        else:
            print(data)
        return 0
    counts = privacy.erase(tracker, casework, subject, actor, dry_run=args.dry_run)
    print(("Would erase: " if args.dry_run else "Erased: ") + json.dumps({k: v for k, v in counts.items() if v}))
    if not args.dry_run:
        print("The audit log records that this erasure happened (counts only). A running assistant forgets "
              "the erased conversations at once.")
    return 0


def _supervised(args: argparse.Namespace) -> int:
    from bot.supervision import exec_supervised

    if args.spec:
        from bot.supervision import exec_spec

        return exec_spec(Path(args.spec) / f"{args.name}.json")
    return exec_supervised(args.name)


def _announce(_: argparse.Namespace) -> int:
    from bot.supervision import announce

    return announce(load_settings())


def _crashwatch(args: argparse.Namespace) -> int:
    from bot.supervision import watch_crashes

    from bot.supervision import SupervisionPaths

    paths = SupervisionPaths()
    if args.config:
        paths = SupervisionPaths(folder=Path(args.config).parent, logs=Path(args.logs) if args.logs else paths.logs)
    watch_crashes(args.limit, args.window, paths)
    return 0


def _scale_out(_: argparse.Namespace) -> int:
    from bot.scale_out import run

    _prepare_env_file()
    return run(load_settings())


def _web(args: argparse.Namespace) -> int:
    from bot.web import serve

    serve(load_settings(env_file=None if args.environment_only else ENV_FILE), port=args.port)
    return 0


def _actions(args: argparse.Namespace) -> int:
    from bot.action_server import serve

    return serve(args.host, args.port, args.actions)


def _rasa(args: argparse.Namespace) -> int:
    from bot.rasa_server import main as rasa_main

    return rasa_main(args.rasa_args)


def _db_url() -> str:
    return load_settings().casework_db_url


def _db_upgrade(_: argparse.Namespace) -> int:
    from bot.casework.database import upgrade

    upgrade(_db_url())
    print("The casework database is up to date.")
    return 0


def _import_report(report) -> int:  # type: ignore[no-untyped-def]
    for line, reason in report.errors:
        print(f"line {line}: {reason}", file=sys.stderr)
    if report.errors:
        print(f"Nothing imported: {len(report.errors)} problem(s).", file=sys.stderr)
        return 1
    print(f"Imported {report.imported} case(s).")
    return 0


def _demo_load(_: argparse.Namespace) -> int:
    from bot.casework.case_io import import_records, parse_rows
    from bot.casework.database import upgrade
    from bot.casework.demo import demo_rows

    url = _db_url()
    upgrade(url)
    records, errors = parse_rows(demo_rows(), date.today())
    if errors:
        return _import_report(type("R", (), {"errors": errors, "imported": 0})())
    return _import_report(import_records(url, records, actor="demo"))


def _cases_import(args: argparse.Namespace) -> int:
    from bot.casework.case_io import import_csv
    from bot.casework.database import upgrade

    url = _db_url()
    upgrade(url)
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    return _import_report(import_csv(url, text, date.today()))


def _cases_export(args: argparse.Namespace) -> int:
    from bot.casework.case_io import export_case, export_csv

    if args.all:
        sys.stdout.write(export_csv(_db_url()))
        return 0
    case = export_case(_db_url(), args.reference or "")
    if case is None:
        print("No case with that reference.", file=sys.stderr)
        return 1
    print(json.dumps(case, indent=2, ensure_ascii=False))
    return 0


def _officer_add(args: argparse.Namespace) -> int:
    from bot.casework.database import upgrade
    from bot.casework.officers import add_officer

    url = _db_url()
    upgrade(url)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ.", file=sys.stderr)
            return 1
    try:
        officer_id = add_officer(url, args.username, args.name, password, args.role)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Added officer {args.username} (id {officer_id}).")
    return 0


def _token_create(args: argparse.Namespace) -> int:
    from bot.casework.database import upgrade
    from bot.casework.officer_tokens import create_token

    url = _db_url()
    upgrade(url)
    try:
        issued = create_token(url, args.username, args.label)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"API token {issued.token_id} for {args.username}. It is shown only this once; keep it secret:")
    print(issued.token)
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from bot.casework.officer_tokens import revoke_token

    if not revoke_token(_db_url(), args.token_id):
        print("No live token with that id.", file=sys.stderr)
        return 1
    print(f"Revoked API token {args.token_id}.")
    return 0


def _token_list(args: argparse.Namespace) -> int:
    from bot.casework.officer_tokens import list_tokens

    for t in list_tokens(_db_url(), args.username):
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "live"
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        print(f"{t.token_id}  created {t.created_at:%Y-%m-%d %H:%M}  last used {used}  {state}  {t.label}")
    return 0


def _officer_deactivate(args: argparse.Namespace) -> int:
    from bot.casework.officers import deactivate_officer

    if not deactivate_officer(_db_url(), args.username):
        print(f"There is no active officer {args.username!r}.", file=sys.stderr)
        return 1
    print(f"Deactivated {args.username}: their console sessions ended and their API tokens are revoked.")
    return 0


def _add_officer_token_commands(officer: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """`officer token create|revoke|list` and `officer deactivate`."""
    deactivating = officer.add_parser("deactivate", help="deactivate an officer: sessions end, tokens revoked")
    deactivating.add_argument("username")
    deactivating.set_defaults(handler=_officer_deactivate)
    token = officer.add_parser("token", help="an officer's own service-API tokens").add_subparsers(
        dest="token_command", required=True)
    creating = token.add_parser("create", help="make a token for an active officer (printed once)")
    creating.add_argument("username")
    creating.add_argument("--label", default="", help="what it is for, e.g. 'case system integration'")
    creating.set_defaults(handler=_token_create)
    revoking = token.add_parser("revoke", help="revoke a token by its id")
    revoking.add_argument("token_id")
    revoking.set_defaults(handler=_token_revoke)
    listing = token.add_parser("list", help="an officer's tokens (ids and times, never the secret)")
    listing.add_argument("username")
    listing.set_defaults(handler=_token_list)


def _contacts_check(args: argparse.Namespace) -> int:
    from knowledge.contacts_check import (AUTHORITIES_CSV, CONTACT_COLUMNS, all_problems, read_rows,
                                          report)
    from knowledge.dates import today_in_england

    try:
        rows = read_rows(args.file)
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    absent = [column for column in CONTACT_COLUMNS if rows and column not in rows[0]]
    if absent:
        print(f"{args.file} lacks the columns {', '.join(absent)}.", file=sys.stderr)
        return 1
    authorities = read_rows(AUTHORITIES_CSV)
    today = args.today or today_in_england()
    problems = all_problems(rows, authorities, today)
    print(report(rows, authorities, today, problems), end="")
    if problems:
        print(f"FAILED: {len(problems)} problem(s) in {args.file}.", file=sys.stderr)
        return 1
    return 0


def _add_contacts_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """`contacts check`: the local contacts file's ages, sources and formats."""
    from knowledge import KNOWLEDGE_DIR

    contacts = commands.add_parser("contacts", help="the local contacts file").add_subparsers(
        dest="contacts_command", required=True)
    checking = contacts.add_parser("check", help="check ages, sources, phone, email and URL formats; exits 1 "
                                                 "on any problem (missing services are only reported)")
    checking.add_argument("--file", default=str(KNOWLEDGE_DIR / "local_contacts.csv"),
                          help="the contacts CSV (default knowledge/local_contacts.csv)")
    checking.add_argument("--today", type=date.fromisoformat, default=None,
                          help="check as on this date, YYYY-MM-DD (default today in England)")
    checking.set_defaults(handler=_contacts_check)


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
    backing_up = commands.add_parser("backup", help="back up the SQLite stores (online, SQLite's backup API)")
    backing_up.add_argument("--to", help="an empty folder (default var/backups/<UTC time>)")
    backing_up.set_defaults(handler=_backup)
    restoring = commands.add_parser("restore", help="restore the SQLite stores from a backup folder "
                                                     "(the service must be stopped)")
    restoring.add_argument("folder")
    restoring.set_defaults(handler=_restore)
    privacy_commands = commands.add_parser("privacy", help="data protection: export, erase, retention purge").add_subparsers(
        dest="privacy_command", required=True)
    for name, text in (("export", "everything held about one family, as JSON (subject access)"),
                       ("erase", "erase one family's data everywhere (the audit entry that it happened stays)")):
        one = privacy_commands.add_parser(name, help=text)
        one.add_argument("--conversation", help="a conversation id (as in the console)")
        one.add_argument("--phone", help="a phone number: every conversation from it and its family's cases")
        one.add_argument("--case", help="a case reference: the case and every conversation linked to it")
        if name == "export":
            one.add_argument("--out", help="write to this file (readable by its owner only) instead of printing")
        else:
            one.add_argument("--dry-run", action="store_true", help="say what would be erased, erase nothing")
        one.set_defaults(handler=_privacy)
    purging = privacy_commands.add_parser("purge", help="erase what the retention policy in .env says is due")
    purging.add_argument("--dry-run", action="store_true", help="say what would go, erase nothing")
    purging.add_argument("--daily", action="store_true", help="(used by `run`) purge now and every 24 hours")
    purging.set_defaults(handler=_privacy)
    supervised = commands.add_parser("supervised", help="(used by `run`) become one process of the service")
    supervised.add_argument("name", help="actions, rasa, web or retention; with --spec, any process written there")
    supervised.add_argument("--spec", help="(used by `scale-out`) the folder of the process descriptions it wrote")
    supervised.set_defaults(handler=_supervised)
    commands.add_parser("announce", help="(used by `run`) say each part is ready once it answers"
                        ).set_defaults(handler=_announce)
    crashwatch = commands.add_parser("crashwatch", help="(used by `run`) stop restarting a process that keeps crashing")
    crashwatch.add_argument("--limit", type=int, default=5)
    crashwatch.add_argument("--window", type=float, default=120.0)
    crashwatch.add_argument("--logs", help="the folder of the processes' logs (said in the report)")
    crashwatch.add_argument("--config", help="supervisord's configuration file (said in the report)")
    crashwatch.set_defaults(handler=_crashwatch)
    commands.add_parser("scale-out", help="start the scale-out profile (PostgreSQL, Redis, 2 Rasa and 2 action "
                                          "servers behind nginx); Ctrl-C stops it").set_defaults(handler=_scale_out)
    web = commands.add_parser("web", help="run only the service's web server (calendar files)")
    web.add_argument("--port", type=int, default=None)
    web.add_argument("--environment-only", action="store_true",
                     help="settings from the environment only, not .env (as `run` starts it)")
    web.set_defaults(handler=_web)
    actions = commands.add_parser("actions", help="run only the action server (needs ACTION_SERVER_TOKEN)")
    actions.add_argument("--host", default=os.environ.get("ACTION_HOST") or "127.0.0.1")
    actions.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT") or 5055))
    actions.add_argument("--actions", default="actions", help="the package with the custom actions")
    actions.set_defaults(handler=_actions)
    rasa = commands.add_parser("rasa", help="run a rasa command with --auth-token from RASA_API_TOKEN")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER, help="e.g. run --model ... --enable-api")
    rasa.set_defaults(handler=_rasa)

    db = commands.add_parser("db", help="the casework database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="create the database or upgrade it to the newest schema").set_defaults(
        handler=_db_upgrade)

    demo = commands.add_parser("demo", help="fictional demo data").add_subparsers(dest="demo_command",
                                                                                  required=True)
    demo.add_parser("load", help="load the fictional demo families").set_defaults(handler=_demo_load)

    cases = commands.add_parser("cases", help="import and export cases").add_subparsers(
        dest="cases_command", required=True)
    importing = cases.add_parser("import", help="import cases from a CSV file (all or nothing)")
    importing.add_argument("file")
    importing.set_defaults(handler=_cases_import)
    exporting = cases.add_parser("export", help="export one case as JSON, or --all as CSV")
    exporting.add_argument("reference", nargs="?")
    exporting.add_argument("--all", action="store_true")
    exporting.set_defaults(handler=_cases_export)

    officer = commands.add_parser("officer", help="officer accounts").add_subparsers(
        dest="officer_command", required=True)
    adding = officer.add_parser("add", help="add an officer (asks for the password)")
    adding.add_argument("username")
    adding.add_argument("--name", required=True, help="the name parents see, e.g. 'Amira'")
    adding.add_argument("--role", default="officer", choices=["officer", "manager"])
    adding.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    adding.set_defaults(handler=_officer_add)
    _add_officer_token_commands(officer)
    _add_contacts_commands(commands)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Parse the arguments and run the chosen command."""
    args = build_parser().parse_args(argv)
    return args.handler(args)

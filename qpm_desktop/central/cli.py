"""``qpm-central``: run the central store, administer it, seed the demo.

    qpm-central serve [--db-url URL] [--data-dir DIR] [--host 127.0.0.1] [--port 8470] [--demo]
    qpm-central demo
    qpm-central admin create-user USERNAME --role assessor [--display-name NAME] [--password-stdin]
    qpm-central admin reset-password USERNAME | disable-user USERNAME
    qpm-central admin import-framework FILE | list-frameworks
    qpm-central admin create-organisation NAME | create-assessment ORG_ID FRAMEWORK_KEY REFERENCE
    qpm-central admin assign ASSESSMENT_ID USERNAME --role lead|co
    qpm-central admin revoke-device DEVICE_ID | revoke-certificate SERIAL
    qpm-central admin export-assessment ID [--output FILE]   (signed reports beside FILE)
    qpm-central admin audit-trail --device ID [--verify] | --assessment ID   (JSON lines)
    qpm-central admin import-rescue FILE [--passphrase-stdin]   (or $QPM_RESCUE_PASSPHRASE)
    qpm-central openapi
    qpm-central bench [--db-url URL] [--count 10000] [--batch 1000] [--rounds 3]

With no ``--db-url`` (and no ``QPM_CENTRAL_DB_URL``) the store uses a SQLite file in its data
folder; a ``postgresql://`` URL selects PostgreSQL (psycopg 3). The schema is migrated on start.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qpm_desktop.central.db import CheckpointMode

DEFAULT_PORT = 8470
APP_SLUG = "qpm-central"
ACTOR = "admin-cli"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))


def resolve(args: argparse.Namespace) -> tuple[str, Path]:
    data_dir = Path(args.data_dir or os.environ.get("QPM_CENTRAL_DATA_DIR") or default_data_dir())
    data_dir.mkdir(parents=True, exist_ok=True)
    url = args.db_url or os.environ.get("QPM_CENTRAL_DB_URL")
    if not url:
        from qpm_desktop.central.db import sqlite_url

        url = sqlite_url(data_dir / "central.sqlite3")
    return url, data_dir


def _now() -> datetime:
    return datetime.now(UTC)


def _password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Again: "):
        raise SystemExit("error: the passwords differ")
    return first


def _open(args: argparse.Namespace, checkpoints: CheckpointMode = "auto"):  # type: ignore[no-untyped-def]
    from qpm_desktop.central.db import Database

    url, data_dir = resolve(args)
    return Database.open(url, checkpoints=checkpoints), data_dir


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from qpm_desktop.central.api import Settings, create_app

    db, data_dir = _open(args, checkpoints="background")
    if args.demo:
        _seed_demo(db)
    from datetime import timedelta

    settings = Settings(data_dir=data_dir, refresh_grace=timedelta(seconds=args.refresh_grace))
    app = create_app(db, settings)
    # Everything made so far (the imported modules, the app, its schemas) lives as long as the
    # process: out of the collector's sight, a full collection set off by a large push walks
    # only what requests made since (about a quarter of a 1,000-mutation push's time otherwise).
    # Garbage made later is collected as usual.
    import gc

    gc.collect()
    gc.freeze()
    print(f"qpm-central: serving on http://{args.host}:{args.port} ({db.dialect})", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    finally:
        db.close()  # the last checkpoint
    return 0


def _seed_demo(db) -> str:  # type: ignore[no-untyped-def]
    from qpm_desktop.central.admin import seed_demo
    from qpm_desktop.locations import placeholder_framework_path

    with db.write() as session:
        return seed_demo(session, placeholder_framework_path(), now=_now())


def cmd_demo(args: argparse.Namespace) -> int:
    db, _ = _open(args)
    assessment_id = _seed_demo(db)
    print(f"demo seeded: assessment {assessment_id}; sign in as demo.assessor / demo")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from qpm_desktop.central.api import Settings, create_app, openapi_json
    from qpm_desktop.central.db import Database, make_engine

    app = create_app(Database(make_engine("sqlite://")), Settings(data_dir=Path(".")))
    print(openapi_json(app))
    return 0


def cmd_admin(args: argparse.Namespace) -> int:
    from qpm_desktop.central import admin, auth
    from qpm_desktop.model.framework import FrameworkError

    if args.admin_command == "import-rescue":
        return cmd_import_rescue(args)
    db, data_dir = _open(args)
    now = _now()
    try:
        with db.write() as s:
            match args.admin_command:
                case "create-user":
                    auth.create_user(
                        s,
                        args.username,
                        _password(args),
                        role=args.role,
                        display_name=args.display_name or "",
                        actor=ACTOR,
                        now=now,
                    )
                    print(f"created {args.role} {args.username}")
                case "reset-password":
                    auth.reset_password(s, args.username, _password(args), actor=ACTOR, now=now)
                    print(f"password reset for {args.username}; their devices are signed out")
                case "disable-user":
                    auth.disable_user(s, args.username, actor=ACTOR, now=now)
                    print(f"disabled {args.username}")
                case "import-framework":
                    row, created = admin.import_framework(s, Path(args.file), actor=ACTOR, now=now)
                    state = "imported" if created else "already imported (same content)"
                    print(f"{row.key} {state} sha256={row.sha256}")
                case "list-frameworks":
                    for row in admin.list_frameworks(s):
                        flag = " (placeholder)" if row.placeholder else ""
                        print(
                            f"{row.key}\t{row.sha256}\t{row.imported_at:%Y-%m-%d}\t{row.title}{flag}"
                        )
                case "create-organisation":
                    rec = admin.create_organisation(
                        s, args.name, record_id=args.id, actor=ACTOR, now=now
                    )
                    print(rec.id)
                case "create-team":
                    rec = admin.create_team(
                        s, args.organisation_id, args.name, actor=ACTOR, now=now
                    )
                    print(rec.id)
                case "create-assessment":
                    rec = admin.create_assessment(
                        s,
                        args.organisation_id,
                        args.framework_key,
                        args.reference,
                        band=args.band,
                        lead_assessor=args.lead_assessor or "",
                        record_id=args.id,
                        actor=ACTOR,
                        now=now,
                    )
                    print(rec.id)
                case "assign":
                    admin.assign(
                        s, args.assessment_id, args.username, args.role, actor=ACTOR, now=now
                    )
                    print(f"{args.username} is {args.role} assessor of {args.assessment_id}")
                case "revoke-device":
                    count = auth.revoke_device(s, args.device_id, actor=ACTOR, now=now)
                    print(f"device {args.device_id} revoked ({count} account(s) signed out)")
                case "revoke-certificate":
                    from qpm_desktop.central.reports import revoke_certificate

                    cert = revoke_certificate(s, args.serial, actor=ACTOR, now=now)
                    print(
                        f"certificate {cert.serial_number} of {cert.username} revoked; reports "
                        "signed with it are refused from now on"
                    )
                case "audit-trail":
                    return _print_audit_trail(s, args)
                case "export-assessment":
                    from qpm_desktop.central.reports import report_path

                    data = admin.export_assessment(s, args.assessment_id, actor=ACTOR, now=now)
                    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
                    if args.output:
                        out = Path(args.output)
                        out.write_text(text + "\n", encoding="utf-8")
                        for report in data["reports"]:
                            pdf = report_path(data_dir, report["sha256"]).read_bytes()
                            (out.parent / report["file"]).write_bytes(pdf)
                        print(f"written to {args.output} ({len(data['reports'])} signed report(s))")
                    else:
                        print(text)
    except FrameworkError as exc:
        print(f"error: the framework file cannot be used:\n{exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


def _print_audit_trail(session: Any, args: argparse.Namespace) -> int:
    """A device's or an assessment's audit trail as JSON lines; ``--verify`` checks a device's
    chain again as held here (every hash, every link), and exits 1 at the first break."""
    from qpm_desktop.central import audit_trail

    if args.device:
        if args.verify:
            good, found = audit_trail.verify_held(session, args.device)
            if found is not None:
                print(f"device {args.device}: entry {found.seq}: {found.reason}", file=sys.stderr)
                return 1
            print(f"device {args.device}: {good} entries, the chain holds")
            return 0
        after, more = 0, True
        while more:
            rows, more = audit_trail.device_page(session, args.device, after, 1000)
            for row in rows:
                print(audit_trail.to_out(row).model_dump_json())
            after = rows[-1].seq if rows else after
        return 0
    offset, more = 0, True
    while more:
        rows, more = audit_trail.assessment_page(session, args.assessment, offset, 1000)
        for row in rows:
            print(audit_trail.to_out(row).model_dump_json())
        offset += len(rows)
    return 0


def _rescue_passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\n")
    from_env = os.environ.get("QPM_RESCUE_PASSPHRASE")
    if from_env:
        return from_env
    return getpass.getpass("Passphrase of the rescue bundle: ")


def cmd_import_rescue(args: argparse.Namespace) -> int:
    """Verify a rescue bundle whole, then import it through the sync paths (idempotent)."""
    import tempfile

    from qpm_desktop.central.rescue import import_rescue
    from qpm_desktop.protocol.rescue import RescueError, read_bundle

    passphrase = _rescue_passphrase(args)
    db, data_dir = _open(args)
    try:
        with tempfile.TemporaryDirectory(prefix="qpm-rescue-", dir=data_dir) as work:
            try:
                bundle = read_bundle(Path(args.file), passphrase, Path(work))
                report = import_rescue(db, bundle, data_dir=data_dir, now=_now(), actor=ACTOR)
            except RescueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
    finally:
        db.close()
    for line in report.lines():
        print(line)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from qpm_desktop.central.bench import run_bench

    url = args.db_url or os.environ.get("QPM_CENTRAL_DB_URL")
    print(json.dumps(run_bench(url, args.count, args.batch, args.rounds), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db-url", help="database URL (default: $QPM_CENTRAL_DB_URL, else SQLite)")
    common.add_argument("--data-dir", help="folder for the SQLite file and attachments")

    parser = argparse.ArgumentParser(prog="qpm-central", description="The QPM central store.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--demo", action="store_true", help="seed the demo before serving")
    serve.add_argument("--log-level", default="warning")
    serve.add_argument(
        "--refresh-grace",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="accept a just-rotated refresh token again while its successor is unused, for a "
        "client whose answer was lost (0 turns this off; default 60)",
    )
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("demo", parents=[common], help="seed the demo data").set_defaults(func=cmd_demo)
    sub.add_parser("openapi", help="print the OpenAPI document").set_defaults(func=cmd_openapi)
    bench = sub.add_parser("bench", help="push then pull N mutations, beside a bulk insert")
    bench.add_argument("--db-url", help="an EMPTY database to use (default: a temporary SQLite)")
    bench.add_argument("--count", type=int, default=10_000)
    bench.add_argument("--batch", type=int, default=1000)
    bench.add_argument("--rounds", type=int, default=3, help="medians over this many rounds")
    bench.set_defaults(func=cmd_bench)

    adm = sub.add_parser("admin", help="administration")
    adm.set_defaults(func=cmd_admin)
    asub = adm.add_subparsers(dest="admin_command", required=True)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return asub.add_parser(name, parents=[common], help=help_)

    p = add("create-user", "create an account")
    p.add_argument("username")
    p.add_argument("--role", choices=("assessor", "reviewer", "admin"), required=True)
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true")
    p = add("reset-password", "set a new password (signs the user out everywhere)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    add("disable-user", "disable an account").add_argument("username")
    add("import-framework", "import a framework file").add_argument("file")
    add("list-frameworks", "list imported frameworks")
    p = add("create-organisation", "create an organisation; prints its id")
    p.add_argument("name")
    p.add_argument("--id")
    p = add("create-team", "create a team of an organisation; prints its id")
    p.add_argument("organisation_id")
    p.add_argument("name")
    p = add("create-assessment", "create an assessment; prints its id")
    p.add_argument("organisation_id")
    p.add_argument("framework_key")
    p.add_argument("reference")
    p.add_argument("--band", type=int, default=1)
    p.add_argument("--lead-assessor")
    p.add_argument("--id")
    p = add("assign", "assign an assessor to an assessment")
    p.add_argument("assessment_id")
    p.add_argument("username")
    p.add_argument("--role", choices=("lead", "co"), required=True)
    add("revoke-device", "sign a device out for good").add_argument("device_id")
    add("revoke-certificate", "revoke a report-signing certificate (hex serial)").add_argument(
        "serial"
    )
    p = add(
        "export-assessment",
        "export an assessment's records as JSON (with --output, its signed reports beside it)",
    )
    p.add_argument("assessment_id")
    p.add_argument("--output")
    p = add("audit-trail", "print a device's or an assessment's audit trail (JSON lines)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--device")
    which.add_argument("--assessment")
    p.add_argument("--verify", action="store_true", help="check a device's chain again")
    p = add(
        "import-rescue",
        "import an assessor's encrypted rescue bundle (passphrase asked, or "
        "$QPM_RESCUE_PASSPHRASE); importing twice stores nothing twice",
    )
    p.add_argument("file")
    p.add_argument("--passphrase-stdin", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

"""``qpm-desktop``: the app, and subcommands for headless work.

This module is the composition root: the only place that decides which data folder, which
actor and which window to build. Importing it does nothing; ``main()`` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qpm_desktop import __version__
from qpm_desktop.locations import user_data_dir

DEMO_FOLDER = "demo"
LOCAL_FOLDER = "local"


def _data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir:
        return Path(args.data_dir)
    # Until sign-in exists, the app works on the demo copy, kept apart from real data.
    return user_data_dir() / DEMO_FOLDER


def _passphrase(root: Path, *, demo: bool) -> str | None:
    """The passphrase for a copy that needs one: $QPM_PASSPHRASE, or asked at the terminal."""
    import getpass
    import os

    from qpm_desktop.services.unlock import passphrase_needed

    if not passphrase_needed(root, demo=demo):
        return None
    if os.environ.get("QPM_PASSPHRASE"):
        return os.environ["QPM_PASSPHRASE"]
    if not sys.stdin.isatty():
        raise SystemExit(
            "error: this local copy is protected by a passphrase; set QPM_PASSPHRASE or run "
            "the command in a terminal"
        )
    return getpass.getpass("Passphrase of the local data: ")


def _open(args: argparse.Namespace, *, seed: bool = True, demo_copy: bool = False):  # type: ignore[no-untyped-def]
    from qpm_desktop.model import demo
    from qpm_desktop.services.demo import seed_demo
    from qpm_desktop.services.unlock import CredentialsError, open_local_copy

    root = _data_dir(args)
    is_demo = demo_copy or not args.data_dir or bool(getattr(args, "demo", False))
    try:
        services = open_local_copy(
            root,
            actor=args.user or demo.LEAD_ASSESSOR,
            passphrase=_passphrase(root, demo=is_demo),
            demo=is_demo,
        )
    except CredentialsError as exc:
        raise SystemExit(f"error: {exc}") from None
    if seed and is_demo:
        seed_demo(services)
    return services


def _early_start(root: Path, *, demo: bool) -> Any:
    """Start making the key of the copy in ``root`` now, on a thread, while Qt loads (see
    :mod:`qpm_desktop.services.first_screen`); ``None`` for a copy that must ask first."""
    from qpm_desktop.services.first_screen import EarlyStart

    return EarlyStart.begin(root, demo=demo)


def cmd_app(args: argparse.Namespace) -> int:
    from qpm_desktop.model import demo

    actor = args.user or demo.LEAD_ASSESSOR
    argv = [sys.argv[0], *args.qt_args]
    if args.data_dir or args.demo:
        demo_mode = args.demo or not args.data_dir
        early = _early_start(_data_dir(args), demo=demo_mode)
    else:
        early = _early_start(user_data_dir() / LOCAL_FOLDER, demo=False)
    from qpm_desktop.logs import configure_logging
    from qpm_desktop.ui.app import run_app

    configure_logging(user_data_dir() / "logs")
    if args.data_dir or args.demo:
        if demo_mode and not args.offline and not args.central:
            # The embedded default: a demo central store on this computer, for the whole flow.
            from qpm_desktop.embedded_central import starting_central

            with starting_central(user_data_dir() / "demo-central") as url:
                return run_app(
                    _data_dir(args),
                    demo=True,
                    actor=actor,
                    argv=argv,
                    central_url=url,
                    early=early,
                )
        return run_app(
            _data_dir(args),
            demo=demo_mode,
            actor=actor,
            argv=argv,
            central_url=args.central,
            early=early,
        )
    # No folder named: the assessor's own copy; with none yet, the first-run choice
    # (sign in, or the demo in its own folder).
    return run_app(
        user_data_dir() / LOCAL_FOLDER,
        demo=False,
        actor=actor,
        argv=argv,
        first_run=True,
        demo_dir=user_data_dir() / DEMO_FOLDER,
        ask_again=args.first_run,
        early=early,
    )


def cmd_self_test(args: argparse.Namespace) -> int:
    from qpm_desktop.model import demo

    early = _early_start(_data_dir(args), demo=True)
    from qpm_desktop.ui.app import self_test

    return self_test(
        _data_dir(args), actor=args.user or demo.LEAD_ASSESSOR, argv=[sys.argv[0]], early=early
    )


def cmd_list(args: argparse.Namespace) -> int:
    services = _open(args)
    try:
        rows = services.queries.list_assessments()
    finally:
        services.close()
    if not rows:
        print("No assessments in this local copy.")
    for a in rows:
        dates = f"{a.visit_start or '?'} to {a.visit_end or '?'}"
        print(
            f"{a.reference:<16} {a.organisation:<40} {a.stage.value:<14} visit {dates}  "
            f"unsynced {a.unsynced}"
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from qpm_desktop.services.demo import seed_demo

    services = _open(args, seed=False, demo_copy=True)
    try:
        assessment_id = seed_demo(services)
    finally:
        services.close()
    print(f"Demo assessment {assessment_id} is in {_data_dir(args)}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from qpm_desktop.services.core import DataLocation
    from qpm_desktop.store.migrate import DatabaseDamaged, DatabaseLocked

    where = DataLocation(_data_dir(args))
    try:
        services = _open(args, seed=False)
    except (DatabaseDamaged, DatabaseLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = services.migration
    services.close()
    assert result is not None
    if result.from_revision == result.to_revision:
        print(f"{where.database} is up to date (schema {result.to_revision}).")
    else:
        print(
            f"{where.database}: schema {result.from_revision or 'none'} -> {result.to_revision}"
            + (f"; backup at {result.backup}" if result.backup else "")
        )
    return 0


def cmd_check_framework(args: argparse.Namespace) -> int:
    from qpm_desktop.model.framework import FrameworkError, load_framework

    status = 0
    for name in args.files:
        try:
            framework = load_framework(name)
        except FrameworkError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        standards = sum(1 for _ in framework.iter_standards())
        kind = "PLACEHOLDER framework" if framework.placeholder else "framework"
        print(
            f"{name}: ok — {kind} {framework.key}, {len(framework.sections)} sections, "
            f"{standards} standards"
        )
    return status


def cmd_bench(args: argparse.Namespace) -> int:
    if args.only in ("all", "store"):
        from qpm_desktop.benchmarks import local_store

        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        local_store.run(sizes, args.edits)
    if args.only in ("all", "report"):
        from qpm_desktop.benchmarks import report

        print()
        report.run()
    if args.only in ("all", "ui"):
        import os

        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qpm_desktop.ui import bench

        print()
        bench.run()
    if args.only in ("all", "sync"):
        from qpm_desktop.benchmarks import sync

        print()
        sync.run(args.sync_records, args.sync_runs)
    return 0


def cmd_sign_in(args: argparse.Namespace) -> int:
    import getpass

    from qpm_desktop.services.syncing import SyncError, Syncing

    services = _open(args, seed=False)
    try:
        password = os.environ.get("QPM_PASSWORD") or getpass.getpass("Password: ")
        account = Syncing(services.ctx).sign_in(args.server, args.username, password)
    except SyncError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        services.close()
    print(f"Signed in as {account.username} ({account.role}) to {account.server_url}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from qpm_desktop.services.syncing import SyncError, Syncing

    services = _open(args, seed=False)
    try:
        summary = Syncing(services.ctx).sync_now()
        from qpm_desktop.services.retention import Retention

        removed, _changes = Retention(services.ctx).apply()  # what the retention period ends
    except SyncError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        services.close()
    for gone in removed:
        print(f"Removed from this computer (confirmed, retention period over): {gone.reference}")
    print(
        f"Synced: {summary.sent} sent, {summary.received} received, "
        f"{summary.conflicts} conflict(s), {summary.rejected} set aside; "
        + ", ".join(f"{aid[:8]} {state}" for aid, state in summary.digests.items())
    )
    if summary.reports_timestamped or summary.reports_sent:
        print(
            f"Signed reports: {summary.reports_timestamped} timestamped, "
            f"{summary.reports_sent} sent to the central store"
        )
    if summary.downloaded:
        print(f"Files received (attached on other devices): {summary.downloaded}")
    for problem in (*summary.report_problems, *summary.file_problems):
        print(f"warning: {problem} (tried again on the next sync)", file=sys.stderr)
    if summary.audit_problem:
        print(f"warning: {summary.audit_problem}", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from qpm_desktop.reports.verify_cli import verify_main

    return verify_main(args.rest)


def cmd_report(args: argparse.Namespace) -> int:
    from qpm_desktop.services.reporting import Reporting, report_command

    services = _open(args)
    try:
        return report_command(Reporting(services.ctx), args.rest)
    finally:
        services.close()


def cmd_screenshots(args: argparse.Namespace) -> int:
    import tempfile

    from qpm_desktop.ui.screenshots import save_screenshots

    with tempfile.TemporaryDirectory(prefix="qpm-shots-") as tmp:
        data_dir = Path(args.data_dir) if args.data_dir else Path(tmp)
        paths = save_screenshots(data_dir, Path(args.out_dir), language=args.language)
    for path in paths:
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qpm-desktop",
        description="QPM Desktop: record Advocacy QPM site visits offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="the folder of the local copy (default: the demo copy in the user data folder)",
    )
    common.add_argument("--user", help="who is recording (for the audit trail)")
    common.add_argument(
        "--demo",
        action="store_true",
        help="the copy holds demo data (without a keyring it uses the published demo passphrase)",
    )
    parser.set_defaults(
        func=cmd_app,
        data_dir=None,
        user=None,
        demo=False,
        first_run=False,
        central=None,
        offline=False,
        qt_args=[],
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("app", parents=[common], help="open the app (the default)")
    p.add_argument("--first-run", action="store_true", help="ask again: sign in, or try the demo")
    p.add_argument("--central", metavar="URL", help="the central store the demo signs in to")
    p.add_argument(
        "--offline", action="store_true", help="the demo without its local central store"
    )
    p.add_argument("qt_args", nargs="*", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_app)

    p = sub.add_parser(
        "self-test", parents=[common], help="open the window on the demo, check it, exit"
    )
    p.set_defaults(func=cmd_self_test)

    p = sub.add_parser("sign-in", parents=[common], help="sign in to a central store")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--username", required=True)
    p.set_defaults(func=cmd_sign_in)

    p = sub.add_parser("sync", parents=[common], help="sync the local copy with its central store")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("list", parents=[common], help="list the assessments held locally")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("demo", parents=[common], help="put the demo assessment in a local copy")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("migrate", parents=[common], help="upgrade a local copy's database")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("check-framework", help="validate framework files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_check_framework)

    p = sub.add_parser("bench", help="print the benchmark figures")
    p.add_argument("--sizes", default="10,1000,10000", help="findings in the database")
    p.add_argument("--edits", type=int, default=1000, help="timed edits per size")
    p.add_argument(
        "--only",
        choices=["all", "store", "report", "ui", "sync"],
        default="all",
        help="which benchmarks",
    )
    p.add_argument(
        "--sync-records", type=int, default=2000, help="records of the synced assessment"
    )
    p.add_argument("--sync-runs", type=int, default=5, help="sync runs (the median is shown)")
    p.set_defaults(func=cmd_bench)

    # These two parse their own options (see main()); listed here for --help.
    sub.add_parser(
        "verify",
        help="check a signed report: who signed, when, intact, whole file, chained to the QPM CA",
    )
    sub.add_parser("report", help="render (and sign) an assessment's visit report")

    p = sub.add_parser("screenshots", parents=[common], help="save every screen as PNG")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument(
        "--language", choices=["en", "cy"], default=None, help="the interface language shown"
    )
    p.set_defaults(func=cmd_screenshots)
    return parser


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    common.add_argument("--user")
    common.add_argument("--demo", action="store_true")
    return common


def _lean_start() -> None:
    """Keep what the app never uses out of start-up.

    httpx loads its own command-line client when it is imported (click, rich and pygments:
    about a third of a second before the window can show); the app only uses its HTTP client.
    A ``None`` in ``sys.modules`` makes that optional import fail at once, and httpx then
    carries on without it, as it does where those packages are not installed.
    """
    sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]


def main(argv: Sequence[str] | None = None) -> int:
    _lean_start()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("verify", "report"):
        # Subcommands with their own argument parsers: hand them the rest untouched.
        args, rest = _common_options().parse_known_args(argv[1:])
        args.rest = rest
        return cmd_verify(args) if argv[0] == "verify" else cmd_report(args)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

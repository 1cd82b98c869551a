"""The `inbox-tui` command: the TUI, the demo, and the shell subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from inbox_tui import __version__
from inbox_tui.cli_contacts import add_contacts_parser, contacts_command, open_store
from inbox_tui.cli_dnd import add_dnd_parser
from inbox_tui.cli_suggest import add_suggest_parser
from inbox_tui.paths import demo_store_path, user_themes_dir

DEMO_TIMEZONE = "Europe/Rome"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbox-tui",
        description="One terminal inbox for your clients: email and SMS in one timeline.",
    )
    parser.add_argument("--version", action="version", version=f"inbox-tui {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: INBOX_TUI_CONFIG or the platform config dir)",
    )
    parser.add_argument("--store", type=Path, help="SQLite store file to open")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="add protocol traces (IMAP, SMTP, SMS gateway HTTP) to the log file; "
        "passwords and message bodies are still left out",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open on a demo store seeded with sample client conversations",
    )
    parser.add_argument(
        "--demo-size",
        type=int,
        metavar="N",
        help="with --demo: seed N messages (e.g. 100000 for scale checks)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("check-config", help="validate the config and list every problem")
    sub.add_parser(
        "setup", help="guided setup: profile, work hours and accounts (each login tested)"
    )
    secret = sub.add_parser("secret", help="manage account secrets in the OS keyring")
    secret_sub = secret.add_subparsers(dest="secret_command", metavar="ACTION", required=True)
    secret_set = secret_sub.add_parser(
        "set", help="store an account's secret (reads stdin when piped)"
    )
    secret_set.add_argument("account")
    sync = sub.add_parser("sync", help="sync every email account headless")
    sync.add_argument("--once", action="store_true", required=True, help="sync once and exit")
    sub.add_parser("daemon", help="run sync, IDLE and the outbox sender headless")
    sub.add_parser("webhooks", help="print the callback URLs to set on each SMS gateway")
    add_contacts_parser(sub)
    add_dnd_parser(sub)
    add_suggest_parser(sub)
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # `--debug` where people put it too: after the subcommand (`inbox-tui sync --once --debug`).
    if "--debug" in extra:
        args.debug = True
        extra = [arg for arg in extra if arg != "--debug"]
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _start_logging(args)
    if args.demo_size is not None and not args.demo:
        print("inbox-tui: --demo-size needs --demo", file=sys.stderr)
        return 2
    if args.demo_size is not None and args.demo_size < 1:
        print("inbox-tui: --demo-size must be a positive number", file=sys.stderr)
        return 2
    if args.command == "setup":
        from inbox_tui.cli_setup import setup_command

        return setup_command(args.config, sys.stdout, sys.stderr)
    if args.command == "check-config":
        from inbox_tui.cli_config import check_config_command

        return check_config_command(args.config, sys.stdout, sys.stderr)
    if args.command == "secret":
        from inbox_tui.cli_config import secret_set_command

        return secret_set_command(args.account, args.config, sys.stdin, sys.stdout, sys.stderr)
    if args.command == "sync":
        from inbox_tui.cli_mail import sync_once_command

        return sync_once_command(args.config, args.store, sys.stdout, sys.stderr)
    if args.command == "webhooks":
        from inbox_tui.cli_mail import webhooks_command

        return webhooks_command(args.config, args.store, sys.stdout, sys.stderr)
    if args.command == "daemon":
        from inbox_tui.cli_mail import daemon_command

        return daemon_command(args.config, args.store, sys.stderr)
    if args.command == "contacts":
        return contacts_command(args, sys.stdout, sys.stderr)
    if args.command == "dnd":
        from inbox_tui.cli_dnd import dnd_command

        return dnd_command(args, sys.stdout, sys.stderr)
    if args.command == "suggest":
        from inbox_tui.cli_suggest import suggest_command

        return suggest_command(args, sys.stdin.buffer, sys.stdout, sys.stderr)
    return _run_tui(args)


def _start_logging(args: argparse.Namespace) -> None:
    """The rotating log file, for every command (INBOX_TUI_LOG_DIR overrides its folder)."""
    from inbox_tui.logging_setup import configure_logging, log_file_name

    try:
        path = configure_logging(
            args.debug,
            file_name=log_file_name(args.command),
            console=args.command not in (None, "setup"),  # setup is full-screen, like the TUI
        )
    except OSError as exc:
        print(f"inbox-tui: running without a log file ({exc})", file=sys.stderr)
        return
    if args.debug:
        print(f"inbox-tui: debug log: {path}", file=sys.stderr)


def _run_tui(args: argparse.Namespace) -> int:
    from inbox_tui.config_file import format_problems, load_config
    from inbox_tui.core.config import ConfigError

    warnings: list[str] = []
    config = None
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        if not args.demo and _is_missing(exc):
            from inbox_tui.cli_setup import first_run

            # First run: the guided setup writes the config, then the inbox opens on it.
            config = first_run(args.config, sys.stderr)
            if config is None:
                return 1
        elif not args.demo:
            print(format_problems(exc.problems), file=sys.stderr)
            print(
                "Fix the config above (`inbox-tui check-config` re-checks it), "
                "or try the app with `inbox-tui --demo`.",
                file=sys.stderr,
            )
            return 1
        if not _is_missing(exc):
            warnings.append("config ignored in demo mode: " + format_problems(exc.problems))

    if args.demo:
        store = _demo_store(args.store, args.demo_size)
    else:
        store = open_store(args.store, sys.stderr)
    if store is None:
        return 1
    tz_name = config.profile.timezone if config else DEMO_TIMEZONE
    theme = config.profile.theme if config else "inbox-dark"
    if config is not None and not args.demo:
        _sync_config_contacts(store, config)
    from inbox_tui.ui.app import InboxApp

    mail = None
    if config is not None and not args.demo:
        from inbox_tui.services.mail_service import MailService

        warnings += list(config.warnings)
        mail = MailService(store, config) if config.accounts else None
    app = InboxApp(
        store,
        tz=ZoneInfo(tz_name),
        theme_name=theme,
        user_theme_dirs=[user_themes_dir()],
        startup_warnings=warnings,
        config=None if args.demo else config,
        mail_service=mail,
    )
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def _is_missing(exc) -> bool:
    return any("not found" in p.message or "no config" in p.message.lower() for p in exc.problems)


def _demo_store(path: Path | None, size: int | None):
    from inbox_tui.services.demo import seed_demo

    fresh = path is None
    path = path or demo_store_path()
    if fresh:
        # The default demo store is rebuilt on every start so it always looks the same.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, sys.stderr)
    if store is None:
        return None
    if store.messages.count() == 0:
        print(f"Seeding the demo store {path} …", file=sys.stderr)
        seed_demo(store, size=size, tz=DEMO_TIMEZONE)
    return store


def _sync_config_contacts(store, config) -> None:
    for contact in config.contacts_as_models(config.profile.region):
        store.contacts.upsert(contact)


if __name__ == "__main__":
    sys.exit(main())

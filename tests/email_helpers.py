"""Building a real config, store and service against the test Dovecot/SMTP servers."""

from __future__ import annotations

import imaplib
import ssl
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.config import Config, EmailAccount
from inbox_tui.services.email_account import EmailAccountRunner
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer

MARIA, LUCA, ANNA = "maria@studio.test", "luca@client.test", "anna@client.test"
PASSWORDS = {MARIA: "maria-pw", LUCA: "luca-pw", ANNA: "anna-pw"}


def config_for(
    dovecot: DovecotServer,
    smtp: SmtpServer | None = None,
    user: str = MARIA,
    cafile: bool = True,
    extra: str = "",
) -> Config:
    smtp_port = smtp.starttls_port if smtp else 1
    text = f"""
[profile]
name = "Avv. Maria Rossi"
timezone = "Europe/Rome"
language = "it"
signature = "Avv. Maria Rossi"
{extra}
[[accounts]]
name = "studio"
kind = "email"
address = "{user}"
display_name = "Avv. Maria Rossi"
username = "{user}"
imap = {{ host = "127.0.0.1", port = {dovecot.imaps_port} }}
smtp = {{ host = "127.0.0.1", port = {smtp_port}, security = "starttls" }}
{f'cafile = "{dovecot.cafile}"' if cafile else ""}
"""
    return parse_config_text(text, "test-config.toml")


def studio_and_sms_toml(
    dovecot: DovecotServer, smtp: SmtpServer, kannel, hook: int, password_commands: bool
) -> str:
    """[webhooks] and two accounts, Maria's mailbox and a Kannel number, as TOML to put
    after a test's own [profile]. `password_commands`: the secrets come from `echo`
    (a child process needs no keyring); else from password_of / the test's keyring."""
    maria_pw = 'password_command = "echo maria-pw"\n' if password_commands else ""
    sms_pw = f'password_command = "echo {kannel.password}"\n' if password_commands else ""
    return f"""[webhooks]
listen = "127.0.0.1:{hook}"
public_url = "http://127.0.0.1:{hook}"
[[accounts]]
name = "studio"
kind = "email"
address = "{MARIA}"
username = "{MARIA}"
{maria_pw}imap = {{ host = "127.0.0.1", port = {dovecot.imaps_port} }}
smtp = {{ host = "127.0.0.1", port = {smtp.starttls_port}, security = "starttls" }}
cafile = "{dovecot.cafile}"
[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "+390212345678"
url = "{kannel.sendsms_url}"
username = "{kannel.username}"
{sms_pw}"""


def password_of(account: EmailAccount) -> str:
    return PASSWORDS[account.username]


def runner_for(store, config: Config, **kw) -> EmailAccountRunner:
    account = config.accounts[0]
    assert isinstance(account, EmailAccount)
    return EmailAccountRunner(store, account, lambda: password_of(account), **kw)


def mail(
    n: int,
    sender: str = LUCA,
    to: str = MARIA,
    subject: str | None = None,
    body: str | None = None,
    when: datetime | None = None,
) -> bytes:
    when = when or datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=n)
    return (
        f"From: Luca Bianchi <{sender}>\r\nTo: {to}\r\n"
        f"Subject: {subject or f'Pratica {n}'}\r\nMessage-ID: <m{n}@client.test>\r\n"
        f"Date: {format_datetime(when)}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body or f'Messaggio numero {n}.'}\r\n"
    ).encode()


def imap_client(dovecot: DovecotServer, user: str = MARIA) -> imaplib.IMAP4_SSL:
    ctx = ssl.create_default_context(cafile=str(dovecot.cafile))
    client = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=ctx, timeout=10)
    client.login(user, PASSWORDS[user])
    return client

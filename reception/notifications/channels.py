"""The two delivery channels: e-mail over SMTP and SMS through an HTTP gateway.

SMTP: RECEPTION_SMTP_URL, e.g. smtp://127.0.0.1:1025, smtp://user:password@mail.example.vn:587
(STARTTLS when the server offers it) or smtps://user:password@mail.example.vn:465.

SMS gateway: RECEPTION_SMS_URL receives one JSON POST per message,
{"to": "0912345678", "text": "...", "id": "<the notification's id>"}, with
`Authorization: Bearer RECEPTION_SMS_TOKEN` when a token is set. Any 2xx answer means
accepted; anything else (or no answer within the timeout) is a failure that is retried.
An adapter for a Vietnamese SMS brandname provider serves this contract and calls the
provider's own API; `id` lets it refuse a message it has already sent (retries re-send it).
"""

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit


class DeliveryError(Exception):
    """A message was not accepted; the text says why (Vietnamese) and is kept in the log."""


@dataclass
class DeliverySettings:
    """Where and how messages go; filled from the app config by configure()."""

    smtp_url: str = ""
    mail_from: str = "tiepcongdan@localhost"
    mail_from_name: str = "Trụ sở Tiếp công dân"
    sms_url: str = ""
    sms_token: str = ""
    timeout: float = 10.0
    max_attempts: int = 6
    backoff_seconds: float = 60.0
    backoff_max_seconds: float = 3600.0
    send_immediately: bool = True
    # The address citizens reach the server at (RECEPTION_PUBLIC_URL), for links in messages
    # sent outside a request (the day-before reminder).
    public_url: str = ""

    def configured(self, channel: str) -> bool:
        """Tell whether a channel has somewhere to send to."""
        return bool(self.smtp_url if channel == "email" else self.sms_url)


SETTINGS = DeliverySettings()


def configure(config) -> None:
    """Read the RECEPTION_* delivery settings from a Flask config mapping."""
    SETTINGS.smtp_url = config.get("SMTP_URL") or ""
    SETTINGS.mail_from = config.get("MAIL_FROM") or SETTINGS.mail_from
    SETTINGS.mail_from_name = config.get("MAIL_FROM_NAME") or SETTINGS.mail_from_name
    SETTINGS.sms_url = config.get("SMS_URL") or ""
    SETTINGS.sms_token = config.get("SMS_TOKEN") or ""
    SETTINGS.timeout = float(config.get("NOTIFY_TIMEOUT") or 10)
    SETTINGS.max_attempts = max(1, int(config.get("NOTIFY_MAX_ATTEMPTS") or 6))
    SETTINGS.backoff_seconds = float(config.get("NOTIFY_BACKOFF_SECONDS") or 60)
    SETTINGS.backoff_max_seconds = float(config.get("NOTIFY_BACKOFF_MAX_SECONDS") or 3600)
    SETTINGS.send_immediately = bool(config.get("NOTIFY_IMMEDIATELY", True))
    SETTINGS.public_url = config.get("PUBLIC_URL") or ""


def send_email(to: str, subject: str, body: str, message_id: str = "") -> None:
    """Hand one plain-text e-mail to the SMTP server.

    :raises DeliveryError: no server configured, refused or unreachable.
    """
    if not SETTINGS.smtp_url:
        raise DeliveryError("Chưa cấu hình máy chủ thư (RECEPTION_SMTP_URL).")
    url = urlsplit(SETTINGS.smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise DeliveryError("Địa chỉ RECEPTION_SMTP_URL không hợp lệ (smtp:// hoặc smtps://).")
    message = EmailMessage()
    message["From"] = formataddr((SETTINGS.mail_from_name, SETTINGS.mail_from))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id or None, domain="tiepcongdan")
    message.set_content(body, charset="utf-8")
    try:
        if url.scheme == "smtps":
            server = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=SETTINGS.timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(url.hostname, url.port or 25, timeout=SETTINGS.timeout)
        with server:
            if url.scheme == "smtp" and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"Máy chủ thư không nhận thư: {error}") from error


def send_sms(to: str, text: str, message_id: str) -> None:
    """POST one SMS to the gateway as {"to", "text", "id"}.

    :raises DeliveryError: no gateway configured, a non-2xx answer or no answer.
    """
    if not SETTINGS.sms_url:
        raise DeliveryError("Chưa cấu hình cổng SMS (RECEPTION_SMS_URL).")
    body = json.dumps({"to": to, "text": text, "id": message_id},
                      ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if SETTINGS.sms_token:
        headers["Authorization"] = f"Bearer {SETTINGS.sms_token}"
    request = urllib.request.Request(SETTINGS.sms_url, data=body, headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=SETTINGS.timeout) as answer:
            answer.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"Cổng SMS trả lời {error.code}.") from error
    except (OSError, ValueError) as error:
        raise DeliveryError(f"Không gửi được tới cổng SMS: {error}") from error

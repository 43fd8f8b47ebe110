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
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

from reception.config import DeliverySettings


class DeliveryError(Exception):
    """A message was not accepted; the text says why (Vietnamese) and is kept in the log."""


# The delivery settings of this process, installed once by reception.notifications.configure:
# messages are sent after the commits of many services (kick) and by the housekeeping loop,
# none of which should have to carry them.
_delivery = DeliverySettings()


def install(settings: DeliverySettings) -> None:
    """Use these delivery settings in this process (create_app calls it once)."""
    global _delivery
    _delivery = settings


def delivery() -> DeliverySettings:
    """Return the delivery settings this process was set up with."""
    return _delivery


def send_email(settings: DeliverySettings, to: str, subject: str, body: str,
               message_id: str = "") -> None:
    """Hand one plain-text e-mail to the SMTP server.

    :raises DeliveryError: no server configured, refused or unreachable.
    """
    if not settings.smtp_url:
        raise DeliveryError("Chưa cấu hình máy chủ thư (RECEPTION_SMTP_URL).")
    url = urlsplit(settings.smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise DeliveryError("Địa chỉ RECEPTION_SMTP_URL không hợp lệ (smtp:// hoặc smtps://).")
    message = EmailMessage()
    message["From"] = formataddr((settings.mail_from_name, settings.mail_from))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id or None, domain="tiepcongdan")
    message.set_content(body, charset="utf-8")
    try:
        if url.scheme == "smtps":
            server = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=settings.timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(url.hostname, url.port or 25, timeout=settings.timeout)
        with server:
            if url.scheme == "smtp" and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"Máy chủ thư không nhận thư: {error}") from error


def send_sms(settings: DeliverySettings, to: str, text: str, message_id: str) -> None:
    """POST one SMS to the gateway as {"to", "text", "id"}.

    :raises DeliveryError: no gateway configured, a non-2xx answer or no answer.
    """
    if not settings.sms_url:
        raise DeliveryError("Chưa cấu hình cổng SMS (RECEPTION_SMS_URL).")
    body = json.dumps({"to": to, "text": text, "id": message_id},
                      ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if settings.sms_token:
        headers["Authorization"] = f"Bearer {settings.sms_token}"
    request = urllib.request.Request(settings.sms_url, data=body, headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as answer:
            answer.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"Cổng SMS trả lời {error.code}.") from error
    except (OSError, ValueError) as error:
        raise DeliveryError(f"Không gửi được tới cổng SMS: {error}") from error

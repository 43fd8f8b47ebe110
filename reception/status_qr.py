"""A ticket's status address as a QR code for screens (the kiosk shows it when nothing printed).

The printed ticket draws the same address with Pillow (reception/printing/layout.py); a screen
gets it as SVG, which stays sharp at any size and needs no script or CDN. The code holds the
status page's address and nothing else: it tells no more than the token it was asked for.
"""

import qrcode
import qrcode.image.svg

from reception import characters
from reception.errors import NotFound
from reception.printing.dispatch import status_link, ticket_by_token


def status_qr_svg(token: str, public_url: str) -> bytes:
    """Return the QR code of a ticket's status page as SVG, the address its printout holds.

    :param public_url: the site's base address (PUBLIC_URL, else the address the kiosk used).
    :raises ReceptionError: no ticket has this token (not_found, as the status page).
    """
    # A token with a control character matches no ticket (and PostgreSQL refuses NUL).
    ticket = ticket_by_token(token) if characters.is_clean(token) else None
    if ticket is None:
        raise NotFound("not_found", what="phiếu")
    return qr_svg(status_link(ticket, public_url))


def qr_svg(address: str) -> bytes:
    """Return an SVG QR code of address, with the quiet zone around it that scanners need."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(address)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode").encode()

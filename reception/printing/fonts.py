"""Fonts with every Vietnamese letter, for drawing tickets as images.

Pillow's built-in font has no Vietnamese letters, so a TrueType font is required. Be Vietnam Pro
and Noto Sans come from the PyPI font packages in requirements.txt (located through their
``fontpkg`` registry); Debian's DejaVu Sans is the last resort.
"""

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

try:
    from fontpkg.errors import FontpkgError
    from fontpkg.pil import truetype as fontpkg_truetype
except ImportError:  # the font packages are optional as long as DejaVu is installed
    FontpkgError = OSError
    fontpkg_truetype = None

#: Font families tried in order through fontpkg; both cover the Vietnamese subset.
FAMILIES = ("Be Vietnam Pro", "Noto Sans")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Medium rather than Regular for body text: thin strokes print faint on thermal paper.
BODY = 500
BOLD = 700


class FontMissingError(RuntimeError):
    """No font with Vietnamese letters is installed."""


@lru_cache(maxsize=128)
def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Return the ticket font at ``size`` pixels, bold or body weight.

    :raises FontMissingError: when neither the font packages nor DejaVu Sans are installed.
    """
    weight = BOLD if bold else BODY
    if fontpkg_truetype is not None:
        for family in FAMILIES:
            try:
                return fontpkg_truetype(family, size, weight=weight)
            except (FontpkgError, OSError):
                continue
    dejavu = DEJAVU_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if dejavu.is_file():
        return ImageFont.truetype(str(dejavu), size)
    raise FontMissingError(
        "Không tìm thấy phông chữ tiếng Việt để in phiếu. Cài gói Python fontpkg-be-vietnam-pro "
        "(hoặc fontpkg-noto-sans), hoặc gói Debian fonts-dejavu-core."
    )

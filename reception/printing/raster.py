"""ESC/POS raster images (GS v 0) read back out of a printer byte stream, for previews."""

from PIL import Image

GS_V_0 = b"\x1dv0"
HEADER_LENGTH = len(GS_V_0) + 5  # mode, xL, xH, yL, yH
# In raster data a set bit is a black dot; in Pillow's mode "1" a set bit is white.
_INVERT = bytes(255 - value for value in range(256))


def raster_images(data: bytes) -> list[Image.Image]:
    """Return each GS v 0 image in data, in the order the printer would print them."""
    images = []
    start = data.find(GS_V_0)
    while start != -1 and start + HEADER_LENGTH <= len(data):
        x_low, x_high, y_low, y_high = data[start + 4 : start + HEADER_LENGTH]
        width_bytes = x_low + 256 * x_high
        height = y_low + 256 * y_high
        body = start + HEADER_LENGTH
        pixels = data[body : body + width_bytes * height]
        if len(pixels) < width_bytes * height:
            break  # a job cut short: the rest of the image never arrived
        images.append(Image.frombytes("1", (8 * width_bytes, height), pixels.translate(_INVERT)))
        # Search after the pixels: raster data may contain the header bytes by chance.
        start = data.find(GS_V_0, body + len(pixels))
    return images


def raster_preview(data: bytes) -> Image.Image | None:
    """Stack the GS v 0 images in data into one page, as printed; None if there are none."""
    images = raster_images(data)
    if not images:
        return None
    page = Image.new("1", (max(image.width for image in images), sum(i.height for i in images)), 1)
    top = 0
    for image in images:
        page.paste(image, (0, top))
        top += image.height
    return page

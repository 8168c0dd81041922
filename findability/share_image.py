"""The share image of a comparison (Open Graph / Twitter card), drawn on the server with Pillow.

No font is fetched from the network. Chinese needs a CJK font installed on the machine (Debian:
fonts-noto-cjk; settings.SHARE_IMAGE_FONTS lists where to look). Without one, the image says
nothing it cannot draw: no title, no card names, only the picture of two cards, the address
and the page's language, so a preview never shows empty boxes; the page's og:image:alt still
carries the title.
"""

import io
import re
import textwrap
from functools import cache

from django.conf import settings
from django.utils.translation import get_language
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BRAND = (11, 79, 156)
BRAND_TINT = (234, 241, 250)
TEXT = (31, 41, 51)
MUTED = (82, 96, 109)
HAN = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def face():
    """The face of a CJK collection for the page's language: the glyph shapes its readers
    expect (settings.SHARE_IMAGE_FONT_FACES: TC for Traditional Chinese; SC otherwise)."""
    return getattr(settings, "SHARE_IMAGE_FONT_FACES", {}).get(get_language(), "SC")


@cache
def cjk_font_path(face="SC"):
    """(path, index) of the `face` (SC, TC…) of a CJK collection, or of a font file that is
    no collection; None when there is neither."""
    for path in settings.SHARE_IMAGE_FONTS:
        for index in range(10):
            try:
                font = ImageFont.truetype(path, 20, index=index)
            except OSError:
                break
            family = " ".join(font.getname())
            if f" {face}" in family or "CJK" not in family:  # the face, or a TTF
                return path, index
    return None


def font(size, *, bold=False):
    return _font(size, bold, face())


@cache
def _font(size, bold, face):
    found = cjk_font_path(face)
    if found:
        path, index = found
        if bold:
            path = path.replace("Regular", "Bold")
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            return ImageFont.truetype(found[0], size, index=index)
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)


def drawable(text):
    """False where `text` needs a CJK font and there is none."""
    return cjk_font_path(face()) is not None or not HAN.search(text)


def wrap(draw, text, face, width):
    """Lines of `text` no wider than `width` pixels; Chinese may break between any characters."""
    if HAN.search(text):
        lines, line = [], ""
        for char in text:
            if draw.textlength(line + char, font=face) > width and line:
                lines.append(line)
                line = char
            else:
                line += char
        return [*lines, line] if line else lines
    average = max(1, int(width / max(1, draw.textlength("n", font=face))))
    return textwrap.wrap(text, average)


def render(*, title, cards, section, address, language):
    """PNG bytes: brand bar, section name, title, the compared cards, the address."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=BRAND)
    margin = 72
    y = 72
    if drawable(section):
        draw.text((margin, y), section, font=font(34, bold=True), fill=BRAND)
    y += 70
    if drawable(title):
        face = font(60, bold=True)
        for line in wrap(draw, title, face, WIDTH - 2 * margin)[:3]:
            draw.text((margin, y), line, font=face, fill=TEXT)
            y += 80
    else:
        y = _two_cards(draw, margin, y)
    x = margin
    pill = font(32)
    for name in cards:
        if not drawable(name):
            continue
        w = draw.textlength(name, font=pill)
        draw.rounded_rectangle((x, 470, x + w + 48, 530), radius=30, fill=BRAND_TINT)
        draw.text((x + 24, 478), name, font=pill, fill=BRAND)
        x += w + 72
    footer = f"{address}  ·  {language}" if drawable(language) else address
    draw.text((margin, 560), footer, font=font(26), fill=MUTED)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _two_cards(draw, x, y):
    """Two card shapes side by side: the comparison without words."""
    for offset, fill in ((0, BRAND), (330, BRAND_TINT)):
        left = x + offset
        box = (left, y, left + 290, y + 180)
        draw.rounded_rectangle(box, radius=18, fill=fill, outline=BRAND, width=4)
        draw.rectangle((left + 30, y + 40, left + 90, y + 85), fill=(224, 180, 0))
    return y + 220

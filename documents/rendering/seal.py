"""The issuing organ's seal (印章), drawn: a red ring, a five-pointed star in the middle and the
organ's name running clockwise along the upper arc, as a state organ's seal is cut.

This is a visual stand-in for the printed copy and the preview, not an electronic seal in the
sense of GB/T 33481 (no signature, no certificate). SVG for the PDF and the browser, PNG (Pillow)
for the DOCX; both cached per department name.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import shutil
import subprocess
from xml.sax.saxutils import escape

SEAL_MM = 42.0  # diameter: 4.2 cm, the usual size for a municipal organ's seal
RED = "#d40000"
RED_RGB = (212, 0, 0)
OPACITY = 0.8  # lets the signature and date show through, as ink on paper does
VIEW = 420  # SVG user units: 0.1 mm



def _layout(name: str, size: float):
    """Centre, ring radius and width, star radii, (angle°, x, y) per character, font size."""
    c = size / 2
    ring_r = size * 0.476
    ring_w = size * 0.030
    text_r = size * 0.355  # the centre line of the characters
    chars = [ch for ch in name.strip() if not ch.isspace()] or ["印"]
    n = len(chars)
    span = min(250.0, max(60.0, n * 30.0))  # degrees of arc the name occupies
    step = span / n
    font = min(size * 0.16, 2 * text_r * math.sin(math.radians(step) / 2) * 0.95)
    placed = []
    for i, ch in enumerate(chars):
        angle = -90.0 - span / 2 + step * (i + 0.5)  # clockwise from the x axis, y pointing down
        rad = math.radians(angle)
        placed.append((ch, angle, c + text_r * math.cos(rad), c + text_r * math.sin(rad)))
    star_r = size * 0.17
    return c, ring_r, ring_w, placed, font, star_r


def _star_points(cx: float, cy: float, r_outer: float) -> list[tuple[float, float]]:
    r_inner = r_outer * 0.382
    points = []
    for k in range(10):
        r = r_outer if k % 2 == 0 else r_inner
        angle = math.radians(-90 + 36 * k)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


@functools.lru_cache(maxsize=256)
def seal_svg(name: str) -> str:
    """The seal as SVG. The characters are glyph outlines (paths) taken from a CJK serif font,
    not <text>: the drawing is the same in every viewer, and WeasyPrint draws it without text
    layout or another embedded font (a third of the cost of a text seal)."""
    c, ring_r, ring_w, placed, font, star_r = _layout(name, VIEW)
    star = " ".join(f"{x:.1f},{y:.1f}" for x, y in _star_points(c, c, star_r))
    outlines = _glyph_outlines("".join(ch for ch, *_ in placed))
    parts = []
    for ch, angle, x, y in placed:
        outline = outlines.get(ch)
        if outline:
            path, advance, upm, middle = outline
            scale = font / upm
            parts.append(
                f'<path transform="translate({x:.1f} {y:.1f}) rotate({angle + 90:.1f}) scale({scale:.5f} {-scale:.5f}) '
                f'translate({-advance / 2:.1f} {-middle:.1f})" d="{path}"/>'
            )
        else:
            parts.append(
                f'<text transform="translate({x:.1f} {y:.1f}) rotate({angle + 90:.1f})" x="0" y="{font * 0.36:.1f}" '
                f'text-anchor="middle" font-size="{font:.1f}" font-weight="700" font-family="serif">{escape(ch)}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SEAL_MM}mm" height="{SEAL_MM}mm" '
        f'viewBox="0 0 {VIEW} {VIEW}" opacity="{OPACITY}">'
        f'<circle cx="{c}" cy="{c}" r="{ring_r:.1f}" fill="none" stroke="{RED}" stroke-width="{ring_w:.1f}"/>'
        f'<g fill="{RED}"><polygon points="{star}"/>{"".join(parts)}</g></svg>'
    )


def _glyph_outlines(chars: str) -> dict[str, tuple[str, float, int, float]]:
    """{char: (SVG path in font units, advance, units per em, vertical middle of the em box)}."""
    located = _seal_font()
    if not located:
        return {}
    try:
        font = _open_font(*located)
        from fontTools.pens.svgPathPen import SVGPathPen

        cmap = font.getBestCmap() or {}
        glyph_set = font.getGlyphSet()
        upm = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        # the ideographic em box: descender to ascender of the typo metrics (Noto CJK: -120 … 880)
        low = getattr(os2, "sTypoDescender", -upm * 0.12) if os2 else -upm * 0.12
        high = getattr(os2, "sTypoAscender", upm * 0.88) if os2 else upm * 0.88
        middle = (low + high) / 2
        found = {}
        for ch in set(chars):
            glyph_name = cmap.get(ord(ch))
            if glyph_name is None:
                continue
            pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.0f}")
            glyph = glyph_set[glyph_name]
            glyph.draw(pen)
            found[ch] = (pen.getCommands(), glyph.width, upm, middle)
        return found
    except Exception:  # a font fontTools cannot read: fall back to <text>
        return {}


@functools.lru_cache(maxsize=2)
def _open_font(path: str, index: int):
    from fontTools.ttLib import TTFont

    return TTFont(path, fontNumber=index, lazy=True) if path.lower().endswith((".ttc", ".otc")) else TTFont(path, lazy=True)


def seal_data_url(name: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(seal_svg(name).encode()).decode()


@functools.lru_cache(maxsize=1)
def _seal_font() -> tuple[str, int] | None:
    """(path, face index) of a CJK serif font for Pillow, via fontconfig."""
    if not shutil.which("fc-match"):
        return None
    for pattern in ("SimSun:bold", "宋体:bold", "Noto Serif CJK SC:bold", ":lang=zh"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}|%{lang}", pattern], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        path, _, rest = out.partition("|")
        index, _, langs = rest.partition("|")
        if path and "zh" in langs:
            return path, int(index or 0)
    return None


@functools.lru_cache(maxsize=256)
def seal_png(name: str, dpi: int = 300) -> bytes:
    """The seal as a transparent PNG at `dpi` (drawn at twice the size, then reduced)."""
    from PIL import Image, ImageDraw, ImageFont

    final = round(SEAL_MM / 25.4 * dpi)
    size = final * 2
    c, ring_r, ring_w, placed, font_size, star_r = _layout(name, size)
    alpha = round(255 * OPACITY)
    ink = (*RED_RGB, alpha)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (c - ring_r - ring_w / 2, c - ring_r - ring_w / 2, c + ring_r + ring_w / 2, c + ring_r + ring_w / 2),
        outline=ink, width=max(1, round(ring_w)),
    )
    draw.polygon(_star_points(c, c, star_r), fill=ink)
    located = _seal_font()
    if located:
        font = ImageFont.truetype(located[0], round(font_size), index=located[1])
    else:
        font = ImageFont.load_default(round(font_size))
    box = round(font_size * 1.6)
    for ch, angle, x, y in placed:
        glyph = Image.new("RGBA", (box, box), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=font, fill=ink, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC, expand=False)
        image.alpha_composite(glyph, (round(x - box / 2), round(y - box / 2)))
    image = image.resize((final, final), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()

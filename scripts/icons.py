#!/usr/bin/env python3
"""Draws the app icons of public/icons/ from the shapes of public/favicon.svg (a white desk on
the header's blue), with nothing but Python's standard library:

  icon-192.png, icon-512.png   rounded square, transparent corners (purpose "any")
  maskable-512.png             full bleed, the desk inside the safe zone (purpose "maskable")
  apple-touch-icon.png         180 px, full bleed (iOS rounds the corners itself)

Run `scripts/icons.py` after changing the logo; the PNGs are committed.
"""
import os
import struct
import zlib

BLUE = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
# favicon.svg, on its 32 × 32 grid: (x, y, width, height, corner radius)
BACKGROUND = (0, 0, 32, 32, 6)
DESK = [(7, 10, 18, 10, 2), (10, 21, 3, 5, 0), (19, 21, 3, 5, 0)]
SAMPLES = 4  # per axis and pixel, for smooth edges


def inside(px, py, rect):
    x, y, w, h, r = rect
    if px < x or py < y or px > x + w or py > y + h:
        return False
    cx = min(max(px, x + r), x + w - r)
    cy = min(max(py, y + r), y + h - r)
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r


def draw(size, background, desk, rounded):
    """RGBA rows: `background` and `desk` map pixel centres to the 32 grid."""
    rows = []
    step = 1.0 / SAMPLES
    for row in range(size):
        line = bytearray()
        for col in range(size):
            blue = white = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    gx, gy = background(col + (sx + 0.5) * step, row + (sy + 0.5) * step)
                    if rounded and not inside(gx, gy, BACKGROUND):
                        continue
                    dx, dy = desk(col + (sx + 0.5) * step, row + (sy + 0.5) * step)
                    if any(inside(dx, dy, part) for part in DESK):
                        white += 1
                    else:
                        blue += 1
            covered = blue + white
            if covered == 0:
                line += bytes(4)
                continue
            colour = [
                round((b * blue + w * white) / covered) for b, w in zip(BLUE, WHITE)
            ]
            line += bytes(colour) + bytes([round(255 * covered / SAMPLES**2)])
        rows.append(bytes(line))
    return rows


def png(rows, size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def scaled(size, desk_share, centred):
    """Grid coordinates of a pixel: the whole icon is the 32 grid, and the desk (18 wide)
    fills `desk_share` of the icon's width; `centred` puts the middle of the desk with its legs
    (16, 18) in the middle of the icon, otherwise it sits as in the favicon."""
    unit = size / 32

    def background(px, py):
        return px / unit, py / unit

    desk_unit = size * desk_share / 18

    def desk(px, py):
        middle = 18 if centred else 16
        return 16 + (px - size / 2) / desk_unit, middle + (py - size / 2) / desk_unit

    return background, desk


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
    os.makedirs(out, exist_ok=True)
    icons = [
        # As the favicon: the desk is 18 of 32 units wide.
        ("icon-192.png", 192, 18 / 32, True),
        ("icon-512.png", 512, 18 / 32, True),
        # Maskable: the launcher may cut a circle of 80 % of the width; the desk (with its legs
        # below the centre) stays well inside it.
        ("maskable-512.png", 512, 0.46, False),
        ("apple-touch-icon.png", 180, 0.5, False),
    ]
    for name, size, share, rounded in icons:
        background, desk = scaled(size, share, centred=not rounded)
        with open(os.path.join(out, name), "wb") as file:
            file.write(png(draw(size, background, desk, rounded), size))
        print(f"public/icons/{name}")


if __name__ == "__main__":
    main()

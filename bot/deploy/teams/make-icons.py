#!/usr/bin/env python3
"""Draws the Teams app icons (color.png 192x192, outline.png 32x32) with the standard library only.

Run from anywhere: `python3 bot/deploy/teams/make-icons.py`. The PNGs are committed; rerun only to change the design.
Teams asks for a full-colour icon and a white-on-transparent outline icon; both show a speech bubble with a check
mark ("your question, handled").
"""
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_png(path, size, pixel):
    """pixel(x, y) -> (r, g, b, a) sampled at the pixel centre, 4x4 supersampled for smooth edges."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(4):
                for sx in range(4):
                    r, g, b, a = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / 16
            if alpha > 0:
                rows += bytes(round(acc[i] / acc[3]) for i in range(3))
            else:
                rows += b"\0\0\0"
            rows.append(round(alpha * 255))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def in_rounded_rect(u, v, left, top, right, bottom, radius):
    cx = min(max(u, left + radius), right - radius)
    cy = min(max(v, top + radius), bottom - radius)
    return (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2


def in_bubble(u, v, inset=0.0):
    """A speech bubble: a rounded rectangle with a tail at the lower left."""
    body = in_rounded_rect(u, v, 0.18 + inset, 0.22 + inset, 0.82 - inset, 0.68 - inset, 0.12 - inset / 2)
    # Tail: triangle (0.30,0.64) (0.46,0.64) (0.26,0.84), shrunk by the inset.
    tail = v >= 0.60 + inset and v <= 0.84 - inset * 1.5 and u >= 0.26 + inset and (u - 0.26) <= (0.84 - v) * 1.0 - inset
    return body or tail


def distance_to_segment(u, v, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
    return ((u - ax - t * dx) ** 2 + (v - ay - t * dy) ** 2) ** 0.5


def in_check(u, v, width):
    return min(distance_to_segment(u, v, (0.36, 0.45), (0.46, 0.55)),
               distance_to_segment(u, v, (0.46, 0.55), (0.65, 0.35))) <= width / 2


def colour(u, v):
    if not in_rounded_rect(u, v, 0.0, 0.0, 1.0, 1.0, 0.18):
        return (0, 0, 0, 0)
    if in_bubble(u, v):
        return (0x13, 0x6F, 0x63, 1.0) if in_check(u, v, 0.075) else (255, 255, 255, 1.0)
    # Background: a teal gradient from top to bottom.
    top, bottom = (0x1C, 0x9C, 0x8A), (0x0E, 0x5E, 0x54)
    return tuple(round(top[i] + (bottom[i] - top[i]) * v) for i in range(3)) + (1.0,)


def outline(u, v):
    # White strokes only, transparent everywhere else: the bubble's border and the check mark.
    stroke = 0.085
    border = in_bubble(u, v) and not in_bubble(u, v, inset=stroke)
    return (255, 255, 255, 1.0) if border or in_check(u, v, 0.1) else (0, 0, 0, 0)


if __name__ == "__main__":
    write_png(HERE / "color.png", 192, colour)
    write_png(HERE / "outline.png", 32, outline)
    print("wrote", HERE / "color.png", "and", HERE / "outline.png")

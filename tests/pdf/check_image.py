#!/usr/bin/env python3
"""Check the terminal output of `quire render`: check_image.py MODE COLS ROWS
CELL_W CELL_H FILE. Prints what is wrong and exits 1, else exits 0."""
import base64
import re
import struct
import sys
import zlib

mode, cols, rows, cw, ch, path = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
data = open(path, "rb").read()


def fail(msg):
    print(f"{mode}: {msg}")
    sys.exit(1)


if mode == "sixel":
    # DCS P1;P2;P3 q, raster attributes "Pan;Pad;Ph;Pv, sixel data, ST.
    m = re.match(rb'\x1bP[0-9;]*q"1;1;(\d+);(\d+)', data)
    if not m:
        fail("does not start with ESC P ... q and raster attributes")
    if not data.endswith(b"\x1b\\"):
        fail("does not end with ESC \\")
    body = data[m.end():-2]
    if b"\x1b" in body:
        fail("an escape inside the sixel data")
    if re.search(rb"[^\x3f-\x7e#!\"$\-0-9;]", body):
        fail("a byte that is no sixel data")
    w, h = int(m.group(1)), int(m.group(2))
    if not (0 < w <= cols * cw and 0 < h <= rows * ch):
        fail(f"{w}x{h} pixels do not fit {cols}x{rows} cells of {cw}x{ch}")
elif mode == "kitty":
    chunks = re.findall(rb"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\", data)
    if b"".join(re.findall(rb"\x1b_G[^\x1b]*\x1b\\", data)) != data:
        fail("something between or around the APC chunks")
    if len(chunks) < 2:
        fail("fewer than two chunks")
    keys = [dict(kv.split(b"=", 1) for kv in c[0].split(b",")) for c in chunks]
    first = keys[0]
    if first.get(b"a") != b"T" or b"f" not in first:
        fail("the first chunk does not transmit and show (a=T, f=)")
    if any(k.get(b"m") != b"1" for k in keys[:-1]) or keys[-1].get(b"m") != b"0":
        fail("continuation is not m=1 on every chunk but the last, m=0 on the last")
    # chafa encodes each chunk on its own (padded), as kitty accepts.
    raw = b""
    for _, p in chunks:
        if len(p) > 4096 or len(p) % 4:
            fail(f"a payload of {len(p)} bytes")
        raw += base64.b64decode(p, validate=True)
    w, h = int(first[b"s"]), int(first[b"v"])
    bpp = {b"32": 4, b"24": 3}[first[b"f"]]
    if len(raw) != w * h * bpp:
        fail(f"{len(raw)} bytes of pixels for {w}x{h}")
    c, r = int(first[b"c"]), int(first[b"r"])
    if not (0 < c <= cols and 0 < r <= rows):
        fail(f"{c}x{r} cells do not fit {cols}x{rows}")
elif mode == "iterm":
    # OSC 1337 File=inline=1;...:BASE64 BEL, the base64 a PNG.
    m = re.fullmatch(rb"\x1b\]1337;File=([^:\x07\x1b]*):([A-Za-z0-9+/=]+)\x07", data)
    if not m:
        fail("not one ESC ] 1337 ; File=...:BASE64 BEL")
    args = dict(kv.split(b"=", 1) for kv in m.group(1).split(b";"))
    if args.get(b"inline") != b"1" or args.get(b"preserveAspectRatio") != b"0":
        fail(f"not inline=1 and preserveAspectRatio=0: {args}")
    png = base64.b64decode(m.group(2), validate=True)
    if int(args[b"size"]) != len(png):
        fail("size= is not the file's size")
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        fail("no PNG signature")
    off, idat, ihdr = 8, b"", None
    while off < len(png):
        (n,) = struct.unpack(">I", png[off:off + 4])
        kind, body = png[off + 4:off + 8], png[off + 8:off + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", png[off + 8 + n:off + 12 + n])[0]:
            fail(f"bad CRC on {kind}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        off += 12 + n
    if not ihdr or ihdr[2:5] != (8, 2, 0):
        fail(f"not an 8-bit RGB PNG: {ihdr}")
    w, h = ihdr[0], ihdr[1]
    if len(zlib.decompress(idat)) != h * (w * 3 + 1):
        fail("the IDAT is not the rows of the image")
    if not (0 < w <= cols * cw and 0 < h <= rows * ch):
        fail(f"{w}x{h} pixels do not fit {cols}x{rows} cells of {cw}x{ch}")
    c, r = int(args[b"width"]), int(args[b"height"])
    if not (0 < c <= cols and 0 < r <= rows):
        fail(f"{c}x{r} cells do not fit {cols}x{rows}")
elif mode == "symbols":
    text = data.decode("utf-8")
    if not text.endswith("\n"):
        fail("the last line has no newline")
    lines = text[:-1].split("\n")
    if len(lines) != rows:
        fail(f"{len(lines)} lines, not {rows}")
    for i, line in enumerate(lines):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        if "\x1b" in plain or any(ord(c) < 32 for c in plain):
            fail(f"line {i + 1}: a control sequence other than colours")
        if len(plain) > cols:
            fail(f"line {i + 1}: {len(plain)} cells, more than {cols}")
    if not any(re.sub(r"\x1b\[[0-9;]*m", "", l).strip() for l in lines) and \
            "48;2;" not in text:
        fail("nothing drawn")
else:
    fail("unknown mode")

"""Helpers for the print and e-reader edition tests: the toolchain gate, and reading a PDF as a reader does.

Locally a test skips with the install command when TeX (or Java, for EPUBCheck) is missing; with the
environment variable CI set (CI installs them), it fails instead, so these tests never skip in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from supportbook.packs import toolchain

POPPLER = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must install it: see .ci/run)")
    pytest.skip(message)


def require_tex() -> None:
    missing = toolchain.missing_tex()
    if missing:
        _missing(toolchain.tex_message(missing))
    lacking = [tool for tool in POPPLER if shutil.which(tool) is None]
    if lacking:
        _missing(f"poppler-utils is missing ({', '.join(lacking)}): sudo apt-get install -y poppler-utils")


def require_java() -> None:
    if toolchain.missing_java():
        _missing(f"Java is missing; EPUBCheck needs it: {toolchain.JAVA_INSTALL}")


def pages(pdf: Path) -> list[str]:
    """The text of every page, as `pdftotext` gives it (page 1 first)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    """Text with line breaks, hyphenation at line ends and typographic quotes undone, for phrase checks."""
    text = re.sub(r"-\n(?=[a-z])", "", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def fonts(pdf: Path) -> list[dict[str, str]]:
    """`pdffonts` rows: name, and whether each font is embedded."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cells = line.split()
        if len(cells) >= 7:
            # name ... type/encoding vary in width; the last five cells are emb sub uni object-id generation
            rows.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return rows


def chapter_openings(texts: list[str]) -> list[tuple[int, str]]:
    """(page index, heading) of every chapter or appendix opening page, in order.

    The book's chapter pages open with the chapter word and number above the title in capitals
    ("CHAPTER / TWO / LICENSED THERAPISTS", "APPENDIX / A / SAFETY RESOURCES").
    """
    found = []
    for index, text in enumerate(texts):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) >= 3 and lines[0] in ("CHAPTER", "APPENDIX"):
            found.append((index, f"{lines[0]} {lines[2]}"))
    return found


def _pdf_string(raw: bytes) -> str:
    """A PDF literal string's bytes (escapes undone) as text: UTF-16 with a byte-order mark, or Latin-1."""
    out = bytearray()
    index = 0
    while index < len(raw):
        byte = raw[index]
        if byte == 0x5C and index + 1 < len(raw):  # backslash
            nxt = raw[index + 1 : index + 4]
            octal = re.match(rb"[0-7]{1,3}", nxt)
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                index += 1 + len(octal.group(0))
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(nxt[0], nxt[0]))
            index += 2
            continue
        out.append(byte)
        index += 1
    data = bytes(out)
    return data[2:].decode("utf-16-be", "replace") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


def catalog_and_outline(pdf: Path) -> tuple[bytes, list[str]]:
    """The PDF's objects with compressed streams inflated, and the titles of its bookmarks."""
    data = pdf.read_bytes()
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end() : match.end() + 4_000_000]))
        except zlib.error:
            continue
    blob = b"\n".join(chunks)
    titles = [_pdf_string(raw) for raw in re.findall(rb"/Title\s*\(((?:\\.|[^\\)])*)\)", blob, re.S)]
    return blob, titles


def ppm_pixels(pdf: Path, page: int, dpi: int = 30) -> tuple[int, int, bytes]:
    """One page rendered by `pdftoppm` as raw RGB: (width, height, pixels)."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, check=True
    ).stdout
    match = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert match, "pdftoppm did not give a PPM image"
    return int(match.group(1)), int(match.group(2)), ppm[match.end() :]


def count_colour(pixels: bytes, rgb: tuple[int, int, int], tolerance: int = 24) -> int:
    red, green, blue = rgb
    return sum(
        1
        for index in range(0, len(pixels) - 2, 3)
        if abs(pixels[index] - red) <= tolerance
        and abs(pixels[index + 1] - green) <= tolerance
        and abs(pixels[index + 2] - blue) <= tolerance
    )

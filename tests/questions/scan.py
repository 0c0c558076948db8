"""A printed and scanned page, simulated: pdftoppm renders it grey at 200 dpi, then Pillow blurs it, turns
it a few degrees, lowers the contrast with noise (toner and paper grain) and JPEG-compresses it."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image, ImageFilter


def render(pdf: Path, page: int, dpi: int, out_stem: Path, grey: bool = True) -> Path:
    """One page of a PDF as PNG (pdftoppm, from poppler-utils)."""
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
    if grey:
        command.append("-gray")
    subprocess.run([*command, str(pdf), str(out_stem)], check=True, capture_output=True, timeout=120)
    return out_stem.with_suffix(".png")


def degrade(png: Path, out: Path, angle: float = 2.5, blur: float = 1.0, noise: float = 0.14,
            quality: int = 55, seed: int = 1) -> Path:  # fmt: skip
    image = Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(blur))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grain = Image.effect_noise(image.size, 40 + seed).filter(ImageFilter.GaussianBlur(0.6))
    image = Image.blend(image, grain, noise)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    out.write_bytes(buffer.getvalue())
    return out


def scan_pdf(pages: list[Path], out: Path) -> Path:
    """Scanned pages gathered into one PDF, as a scanner's 'scan to PDF' makes it."""
    images = [Image.open(page).convert("L") for page in pages]
    images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out

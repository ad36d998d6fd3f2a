"""Document previews: a JPEG of an image, or of a PDF's first page, rendered on the server and cached privately.

The cache lives under `<instance>/previews/`, never under static: a preview of an Aadhaar card is as personal as
the card, so it is only ever served through the same permission check as the document. Files are keyed by the
document's SHA-256 (a replaced document gets a new preview by itself) and by size.
"""
import hashlib
import io
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pypdfium2 as pdfium
from flask import current_app
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from .access import read_document

log = logging.getLogger("app.documents")
SIZES = {"thumb": 320, "large": 1400}  # pixels wide; thumbnails are shown at half size for sharp phone screens
MAX_SOURCE_PIXELS = 60_000_000  # a bigger image is refused unread (a decompression bomb, or no real scan)
MAX_ASPECT = 3  # a preview is at most three times as tall as wide, whatever the page or photo
JPEG_QUALITY = 80
# PDFium is not thread-safe: one render at a time per process (waitress serves requests on threads).
_PDFIUM = threading.Lock()


def preview(document, size):
    """JPEG bytes previewing `document` at `size` ('thumb' or 'large'), from the cache or rendered and cached."""
    width = SIZES[size]
    path = cache_path(document.sha256, size)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = read_document(document)
    image = render(data, document.content_type, width)
    # Only bytes that are the recorded document may be filed under its hash.
    if hashlib.sha256(data).hexdigest() == document.sha256:
        _store(path, image)
    return image


def render(data, content_type, width):
    """A JPEG `width` pixels wide (or less) of the image or of the PDF's first page; a plain placeholder when
    the file cannot be read as one."""
    try:
        image = _pdf_page(data, width) if content_type == "application/pdf" else _picture(data, width)
    except (pdfium.PdfiumError, UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        log.info("no preview", extra={"event": "document.preview_failed", "error": type(error).__name__})
        image = _placeholder(width)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def cache_path(sha256, size):
    """Where the preview of the file with this hash is cached."""
    if size not in SIZES or len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"no preview path for {sha256!r} at {size!r}")
    return Path(current_app.instance_path) / "previews" / sha256[:2] / f"{sha256}-{size}.jpg"


def drop_previews(sha256):
    """Delete every cached preview of the file with this hash (when the document itself is deleted)."""
    for size in SIZES:
        try:
            cache_path(sha256, size).unlink(missing_ok=True)
        except ValueError:
            return


def drop_all_previews():
    """Delete the whole preview cache (the post-tournament purge); previews of kept documents are drawn again."""
    shutil.rmtree(Path(current_app.instance_path) / "previews", ignore_errors=True)


def _pdf_page(data, width):
    """The first page of a PDF, drawn `width` pixels wide (at most MAX_ASPECT times as tall)."""
    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            if len(pdf) == 0:
                raise ValueError("a PDF without pages")
            page = pdf[0]
            try:
                page_width, page_height = page.get_size()
                if page_width <= 0 or page_height <= 0:
                    raise ValueError("a page without size")
                scale = min(width / page_width, MAX_ASPECT * width / page_height)
                return page.render(scale=scale, may_draw_forms=False).to_pil().copy()
            finally:
                page.close()
        finally:
            pdf.close()


def _picture(data, width):
    """A PNG or JPEG scaled down to `width` pixels wide, turned upright as its camera recorded."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_SOURCE_PIXELS:
            raise ValueError("image too large to preview")
        image.draft("RGB", (width, width * MAX_ASPECT))  # JPEGs decode straight at a smaller scale
        picture = ImageOps.exif_transpose(image)
        picture.thumbnail((width, width * MAX_ASPECT))
        if picture.mode in ("RGBA", "LA", "P"):
            backdrop = Image.new("RGB", picture.size, "white")
            rgba = picture.convert("RGBA")
            backdrop.paste(rgba, mask=rgba.getchannel("A"))
            return backdrop
        return picture.convert("RGB")


def _placeholder(width):
    """A grey card with a crossed frame: the file is there but cannot be drawn."""
    height = width * 4 // 3
    image = Image.new("RGB", (width, height), (230, 230, 230))
    draw = ImageDraw.Draw(image)
    margin = width // 8
    box = (margin, margin, width - margin, height - margin)
    draw.rectangle(box, outline=(150, 150, 150), width=max(2, width // 80))
    draw.line(box, fill=(150, 150, 150), width=max(2, width // 80))
    draw.line((box[0], box[3], box[2], box[1]), fill=(150, 150, 150), width=max(2, width // 80))
    return image


def _store(path, data):
    """Write the preview atomically, readable by this user only, in folders only this user can enter."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent.parent, 0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".preview-")  # mkstemp creates it as 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        log.warning("preview not cached", extra={"event": "document.preview_cache_failed"})

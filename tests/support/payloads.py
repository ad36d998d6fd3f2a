"""Valid registration submissions in the React frontend's multipart shape, with real PNG/JPEG/PDF bytes."""
import io
import itertools
import struct
import zlib

_counter = itertools.count(1)


def png_bytes(size=2048):
    """A real 1×1 PNG, padded with a trailing ancillary chunk to about `size` bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    body = chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    pad = chunk(b"tEXt", b"c\x00" + b"x" * max(0, size - len(head) - len(body) - 26))
    return head + pad + body + chunk(b"IEND", b"")


def jpeg_bytes(size=2048):
    """JPEG-marked bytes (SOI, APP0 JFIF, padding, EOI) of exactly `size` bytes (at least 22)."""
    head, tail = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", b"\xff\xd9"
    return head + b"\x00" * max(0, size - len(head) - len(tail)) + tail


def pdf_bytes(size=2048):
    """A minimal PDF document of exactly `size` bytes (at least about 130)."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return body + b"%" + b"p" * max(0, size - len(body) - len(tail) - 1) + tail


def unique_suffix():
    """A short suffix that makes names and emails unique within a process."""
    return next(_counter)


def letters(n):
    """Spell a number in letters, since team and player names may not need digits to be unique."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    word = ""
    while True:
        n, rem = divmod(n, 26)
        word = alphabet[rem] + word
        if n == 0:
            return word.capitalize()


def registration(players=11, church="CSI Immanuel Church Coimbatore", team_name=None, file_size=2048, **fields):
    """Return (form fields, files) for a valid registration; `fields` override text fields."""
    n = unique_suffix()
    tag = letters(n)
    form = {
        "team_name": team_name or f"Team {tag}",
        "church_name": church,
        "captain_name": f"Captain {tag}", "captain_phone": f"+91 98765 {n % 100000:05d}",
        "captain_email": f"captain{n}@example.org", "captain_whatsapp": "",
        "vice_name": f"Vice {tag}", "vice_phone": f"97654-{n % 100000:05d}",
        "vice_email": f"vice{n}@example.org", "vice_whatsapp": "",
    }
    files = {"pastor_letter": ("letter.pdf", pdf_bytes(file_size), "application/pdf"),
             "payment_receipt": ("receipt.jpg", jpeg_bytes(file_size), "image/jpeg"),
             "group_photo": ("team.png", png_bytes(file_size), "image/png")}
    roles = ["Batsman", "bowler", "All Rounder", "wicket-keeper", ""]
    for i in range(players):
        form[f"player_{i}_name"] = f"Player {letters(i + 1)} {tag}"
        form[f"player_{i}_role"] = roles[i % len(roles)]
        files[f"player_{i}_aadhar_file"] = (f"aadhar{i}.jpg", jpeg_bytes(file_size), "image/jpeg")
        files[f"player_{i}_subscription_file"] = (f"sub{i}.pdf", pdf_bytes(file_size), "application/pdf")
    form.update(fields)
    return form, files


def for_test_client(form, files):
    """Merge a (form, files) pair into the dict Flask's test client posts as multipart."""
    data = dict(form)
    for name, (filename, content, content_type) in files.items():
        data[name] = (io.BytesIO(content), filename, content_type)
    return data


def register_through_the_api(client, **fields):
    """Register a team (`registration(**fields)`) through the compatible API on a Flask test client; assert the 201
    and return its JSON body."""
    form, files = registration(**fields)
    response = client.post("/api/register/team", data=for_test_client(form, files), content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()

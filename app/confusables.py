"""Look-alike folding: the confusable skeleton of Unicode Technical Standard #39, from Unicode's own data.

`data/confusables.txt` is Unicode's confusables.txt, version 13.0.0, unmodified; it is distributed under the
Unicode License v3, whose notice is `data/LICENSE-UNICODE.txt`. Stored name keys are built from this table, so
replacing the file with another version changes keys: ship a migration that recomputes them (as 0002 does).
"""
import re
import unicodedata
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "confusables.txt"

# One mapping per line: "<source> ;\t<prototype code points> ;\tMA\t# comment".
_MAPPING = re.compile(r"^([0-9A-F]{4,6}) ;\t([0-9A-F ]+?) ;", re.MULTILINE)


def load_prototypes(path=DATA_FILE):
    """{code point: prototype string} for str.translate, read from a confusables.txt file."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return {int(source, 16): "".join(chr(int(point, 16)) for point in prototype.split())
            for source, prototype in _MAPPING.findall(text)}


# Read once at import (about 6,300 mappings, tens of milliseconds) so no request pays for it.
_PROTOTYPES = load_prototypes()
# Most names are ASCII, and only eight ASCII characters have prototypes (` " | 1 I 0 % m). str.replace per source
# is several times faster than translate() with the whole table, and gives the same result because no prototype
# holds a character that has a prototype itself.
_ASCII_PROTOTYPES = [(chr(point), prototype) for point, prototype in _PROTOTYPES.items() if point < 128]


def skeleton(text):
    """The UTS #39 skeleton of `text`: NFD, every character replaced by its prototype, NFD again."""
    if text.isascii():  # already NFD
        for source, prototype in _ASCII_PROTOTYPES:
            text = text.replace(source, prototype)
        return text if text.isascii() else unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_PROTOTYPES))

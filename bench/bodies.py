"""Registration bodies encoded once, before the clock starts: unique words are spliced in per request."""
import itertools
import re

from urllib3 import encode_multipart_formdata

from tests.support import payloads

WORD, CHURCH = b"QWORDQ", b"QCHURCHQ"
_TOKENS = re.compile(b"(" + WORD + b"|" + CHURCH + b")")


# No "m": the team-name rule folds lookalikes ("m" is "rn"), so "Bench x rn" and "Bench x m" were one team.
ALPHABET = "abcdefghijklnopqrstuvwxyz"


def letters(n):
    """A number spelled in lower-case letters without lookalike pairs (names may not need digits to be unique)."""
    word = ""
    while True:
        n, rem = divmod(n, len(ALPHABET))
        word = ALPHABET[rem] + word
        if n == 0:
            return word


def template(kib, tag):
    """(multipart body with the WORD and CHURCH tokens, content type) of a valid 11-player, 25-file registration."""
    word, church = WORD.decode(), CHURCH.decode()
    form, files = payloads.registration(players=11, file_size=kib * 1024, team_name=f"Bench {tag} {word}",
                                        church=f"Bench Church {tag} {church}",
                                        captain_email=f"bench.{tag}.{word}@example.org",
                                        vice_email=f"vice.{tag}.{word}@example.org",
                                        captain_name=f"Captain {word}", vice_name=f"Vice {word}")
    for i in range(11):
        form[f"player_{i}_name"] = f"Player {payloads.letters(i + 1)} {word}"
    body, content_type = encode_multipart_formdata(list(form.items()) + list(files.items()))
    return body, content_type


class RegistrationBodies:
    """Unique, valid registrations: each `next()` is a new team (in its own church unless one is given)."""

    def __init__(self, kib, tag):
        body, self.content_type = template(kib, tag)
        self.pieces = _TOKENS.split(body)
        self.counter = itertools.count(1)

    def next(self, church=None):
        """The encoded body of the next registration."""
        word = letters(next(self.counter)).encode()
        church_word = church.encode() if church else word
        return b"".join(word if piece == WORD else church_word if piece == CHURCH else piece
                        for piece in self.pieces)

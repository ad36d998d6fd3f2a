"""Real PDFs and images (one flat colour each, so a preview's pixels tell which file it shows) stored as documents."""
import hashlib
import io

from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.models import Document, Player, Team
from app.services.documents.storage import get_storage

RED, BLUE, GREEN = (200, 30, 30), (30, 60, 200), (30, 160, 60)


def pdf_of(colour, size=(300, 420)):
    """A one-page PDF whose page is filled with `colour` (Pillow writes it)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PDF")
    return buffer.getvalue()


def png_of(colour, size=(800, 600)):
    """A PNG filled with `colour`."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def add_document(app, team_id, kind, data, position=None, private=True):
    """Store `data` through the app's storage as a document of the team (or of its player at `position`);
    return the document's id."""
    content_type = "application/pdf" if data.startswith(b"%PDF") else "image/png"
    with app.app_context():
        team = db.session.get(Team, team_id)
        player = None
        if position is not None:
            player = db.session.scalars(select(Player).where(Player.team_id == team_id,
                                                             Player.position == position)).one()
        owner = player.code if player else team.code
        key = f"{team.code}/{owner}-{kind}-{hashlib.sha256(data).hexdigest()[:8]}.{content_type[-3:]}"
        stored = get_storage().save(key, data, content_type, private)
        document = Document(team=team, player=player, kind=kind, backend=stored.backend, storage_key=key,
                            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            private=private)
        db.session.add(document)
        db.session.commit()
        document_id = document.id
        db.session.remove()
    return document_id


def colour_at_centre(jpeg):
    """The RGB colour in the middle of a JPEG and its size."""
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG"
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2)), image.size


def near(colour, expected, tolerance=12):
    """Whether two colours match within JPEG's loss."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def add_players(app, team_id, count):
    """Give a team `count` players (codes <team code>-P01…) and return their ids in roster order."""
    with app.app_context():
        team = db.session.get(Team, team_id)
        players = [Player(team=team, code=f"{team.code}-P{position:02d}", position=position,
                          name=f"Player {position:02d}", name_key=f"player {position:02d}",
                          role="Bowler" if position % 2 else None) for position in range(1, count + 1)]
        db.session.add_all(players)
        db.session.commit()
        ids = [player.id for player in players]
        db.session.remove()
    return ids

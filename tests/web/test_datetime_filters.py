"""A time typed into an admin list filter is read as UTC, never a 500 for lacking a zone."""
from datetime import datetime, timezone

from app.extensions import db
from app.models import Tournament
from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import signed_in


def closing_on(app, moment):
    """Set the tournament's registration close to `moment`; return the tournament's name."""
    with app.app_context():
        tournament = db.session.query(Tournament).first()
        tournament.registration_closes_at = moment
        tournament.name = name = "Closing Filter Cup"
        db.session.commit()
        db.session.remove()
    return name


def test_admin_list_filters_by_a_typed_time(app, live_server):
    """`Greater than` on a datetime column: 200 with the row when before it, without it when after."""
    name = closing_on(app, datetime(2027, 1, 10, 12, 0, tzinfo=timezone.utc))
    session, _token = signed_in(live_server.url, "admin", ADMIN_PASSWORD)
    url = f"{live_server.url}/tournamentmodelview/list/"
    before = session.get(url, params={"_flt_1_registration_closes_at": "2027-01-10 11:59:00"}, timeout=10)
    after = session.get(url, params={"_flt_1_registration_closes_at": "2027-01-10 12:00:00"}, timeout=10)
    assert before.status_code == after.status_code == 200
    assert name in before.text and name not in after.text

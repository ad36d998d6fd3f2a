"""Two slots of one church freed at the same moment offer two different entries, each once (PostgreSQL row locks)."""
import os
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxEmail
from app.services.review.decisions import decide


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="row locks need PostgreSQL")
def test_two_withdrawals_at_once_offer_two_entries(app, app_factory, full_church, join, entries):
    """Both teams of a full church are withdrawn concurrently: the first two in line each get one offer."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters", captain_email="second@example.org")
    join(team_name="Third Waiters", captain_email="third@example.org")
    apps = [app_factory(), app_factory()]
    start, failures = threading.Barrier(2), []

    def withdraw(index):
        with apps[index].app_context():
            start.wait()
            try:
                decide(team_ids[index], "withdraw", actor="race")
            except Exception as error:  # reported below: the test must see it, not the thread swallow it
                failures.append(error)
            db.session.remove()

    threads = [threading.Thread(target=withdraw, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert entries() == [("First Waiters", "offered"), ("Second Waiters", "offered"), ("Third Waiters", "waiting")]
    with app.app_context():
        offers = db.session.scalars(select(OutboxEmail.recipients).where(OutboxEmail.template == "waitlist_offer")
                                    .order_by(OutboxEmail.id)).all()
        db.session.remove()
    assert sorted(offers) == [["first@example.org"], ["second@example.org"]]

"""Admission control: past its places and its wait a registration is answered 503 SERVER_BUSY with Retry-After at
once, stores nothing, reads go on being served, and a place frees as soon as a registration finishes."""
import threading
import time

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import Team
from app.web.admission import Gate
from tests.support.live_server import LiveServer
from tests.support.waiting import wait_for

WAIT = 0.4


@pytest.fixture
def gated(app_factory, fake_cloudinary):
    """Build a Cloudinary-backed app with one place and a short wait, served by waitress with `threads` threads."""
    servers = []

    def serve(threads=8, wait=WAIT):
        app = app_factory(CLOUDINARY_URL=fake_cloudinary.cloudinary_url, UPLOAD_RETRY_WAITS=(0.01, 0.01, 0.01),
                          ADMISSION_SLOTS=1, ADMISSION_WAIT_SECONDS=wait)
        server = LiveServer(app, threads=threads).__enter__()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.__exit__(None, None, None)


def in_background(call):
    """Run `call` in a thread; return a function that joins it and returns its result."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=call()))
    thread.start()

    def join():
        thread.join(timeout=60)
        return result["value"]
    return join


def test_a_registration_past_its_wait_is_refused_at_once_and_reads_are_not_held(
        gated, fake_cloudinary, payload, send):
    """While the only place is held, the next registration gets a 503 in the error shape after its wait (not when
    the place frees), with a Retry-After; a read is answered meanwhile; nothing of the refused one is stored."""
    server = gated()
    fake_cloudinary.hold()  # the first registration's uploads wait here, so it keeps the place
    first = in_background(lambda: send(server.url, *payload()))
    wait_for(lambda: fake_cloudinary.waiting_at_gate)
    assets_before = len(fake_cloudinary.live_assets)

    started = time.monotonic()
    refused = send(server.url, *payload(church="CSI Christ Church Coimbatore"))
    waited = time.monotonic() - started
    read = requests.get(f"{server.url}/api/churches/availability", timeout=10)
    fake_cloudinary.release()

    assert refused.status_code == 503, refused.text
    body = refused.json()
    assert body["success"] is False and body["error_code"] == "SERVER_BUSY" and body["request_id"], body
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after >= 1 and body["details"]["retry_after"] == retry_after
    assert "Nothing was saved" in body["message"]
    assert WAIT * 0.9 <= waited < WAIT + 3, waited
    assert read.status_code == 200
    assert first().status_code == 201
    with server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Team)) == 1
    assert len(fake_cloudinary.live_assets) - assets_before == 25  # the first one's documents only

    again = send(server.url, *payload(church="CSI Christ Church Coimbatore"))
    assert again.status_code == 201, again.text
    metrics = requests.get(f"{server.url}/metrics", timeout=10).text
    assert 'icct26_requests_shed_total{endpoint="compat.register_team"} 1.0' in metrics


def test_the_time_spent_in_the_servers_queue_counts_toward_the_wait(gated, fake_cloudinary, payload, send):
    """With one server thread, a registration queued behind a held one waits in waitress's queue, which the app
    cannot see; it is still refused once dispatched, since its wait began when the server queued it."""
    server = gated(threads=1)
    fake_cloudinary.hold()
    first = in_background(lambda: send(server.url, *payload()))
    wait_for(lambda: fake_cloudinary.waiting_at_gate)
    second = in_background(lambda: send(server.url, *payload(church="CSI Christ Church Coimbatore")))
    time.sleep(WAIT * 2)
    fake_cloudinary.release()
    assert first().status_code == 201
    refused = second()
    assert refused.status_code == 503 and refused.json()["error_code"] == "SERVER_BUSY"


def test_a_refused_form_is_the_form_again_in_the_captains_language(gated, fake_cloudinary, payload, send):
    """The public form's refusal is the form again, as typed, in Tamil for a Tamil session, saying when to send it
    again (503 with Retry-After)."""
    server = gated()
    browser = requests.Session()
    browser.get(f"{server.url}/language/ta", params={"next": "/register"}, timeout=10)
    fake_cloudinary.hold()
    first = in_background(lambda: send(server.url, *payload()))
    wait_for(lambda: fake_cloudinary.waiting_at_gate)
    form, files = payload(church="CSI Christ Church Coimbatore")
    page = browser.post(f"{server.url}/register", data=form, files=files, headers={"Accept": "text/html"},
                        timeout=30)
    fake_cloudinary.release()
    assert first().status_code == 201
    assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="ta">' in page.text and page.headers["Retry-After"] in page.text
    assert "விநாடிகளில் மீண்டும் அனுப்பவும்" in page.text and form["team_name"] in page.text


def test_a_crowd_for_one_church_gets_its_refusals_not_busy_answers(gated, fake_cloudinary, payload, send):
    """Ten registrations at once for one church, one place, the first one's uploads held past everyone's wait: the
    church's registrations take turns, so the other nine never wait for a place they will not need: two teams are
    registered and eight refused with 409 CHURCH_LIMIT_REACHED, none 503."""
    # A wait long enough for the second team's own reading and checks on a loaded machine, and still far shorter
    # than the first team's hold on the church.
    wait = 1.5
    server = gated(wait=wait)
    church = "CSI Christ Church Coimbatore"
    fake_cloudinary.hold()
    crowd = [in_background(lambda: send(server.url, *payload(church=church))) for _ in range(10)]
    wait_for(lambda: fake_cloudinary.waiting_at_gate)
    time.sleep(wait * 2)  # everyone queued has waited past the wait for a place
    fake_cloudinary.release()
    answers = [join() for join in crowd]
    assert sorted(answer.status_code for answer in answers) == [201] * 2 + [409] * 8, [a.text for a in answers]
    assert {answer.json()["error_code"] for answer in answers if answer.status_code == 409} == {"CHURCH_LIMIT_REACHED"}
    assert len(fake_cloudinary.live_assets) == 50


def test_the_gate_hands_a_freed_place_to_the_longest_waiter():
    """First come first served: a place freed goes to the first waiter, not to one arriving later, and a waiter
    that ran out of time leaves the queue without taking a place."""
    gate = Gate(1)
    assert not gate.enter(time.monotonic() - 0.01)  # past its deadline: refused even with a place free
    assert gate.enter(time.monotonic() + 5)  # a free place is taken without waiting
    order = []

    def wait(name):
        if gate.enter(time.monotonic() + 5):
            order.append(name)

    first = threading.Thread(target=wait, args=("first",))
    first.start()
    wait_for(lambda: gate.waiting() == 1)
    second = threading.Thread(target=wait, args=("second",))
    second.start()
    wait_for(lambda: gate.waiting() == 2)
    assert not gate.enter(time.monotonic() + 0.05)  # a third gives up at its deadline
    assert gate.waiting() == 2
    gate.leave(0.1)
    first.join(5)
    assert order == ["first"]
    gate.leave(0.1)
    second.join(5)
    assert order == ["first", "second"]
    gate.leave(0.1)
    assert gate.enter(time.monotonic() + 5)  # the last place given back is free again


def test_retry_after_grows_with_the_queue_and_stays_bounded():
    """Retry-After is at least a second, grows with the waiters ahead, and never points past 30 s."""
    gate = Gate(2)
    assert gate.retry_after() == 1
    for _ in range(20):
        assert gate.enter(time.monotonic() + 5)
        gate.leave(10.0)  # places held ten seconds each, on average
    assert gate.retry_after() == 5  # one more request over two places, held about ten seconds
    waiters = [threading.Thread(target=gate.enter, args=(time.monotonic() + 2,)) for _ in range(8)]
    for waiter in waiters:
        waiter.start()
    wait_for(lambda: gate.waiting() == 6)  # two of the eight took the two places
    assert gate.retry_after() == 30
    for waiter in waiters:
        waiter.join(5)
    assert gate.waiting() == 0


def test_the_expected_wait_is_nothing_with_a_place_free_and_grows_with_the_queue_and_the_holds():
    """What a registration is refused on before its form is read: no wait while a place is free, then the queue
    ahead of it times the places' average hold, shared among the places."""
    gate = Gate(2)
    assert gate.expected_wait() == 0.0
    for _ in range(20):
        assert gate.enter(time.monotonic() + 5)
        gate.leave(2.0)  # held two seconds each, on average
    assert gate.expected_wait() == 0.0
    assert gate.enter(time.monotonic() + 5) and gate.enter(time.monotonic() + 5)  # both places taken
    alone = gate.expected_wait()
    assert 0.8 < alone < 1.0  # one request over two places held about 1.9 s each
    waiter = threading.Thread(target=gate.enter, args=(time.monotonic() + 2,))
    waiter.start()
    wait_for(lambda: gate.waiting() == 1)
    assert gate.expected_wait() == pytest.approx(2 * alone)
    waiter.join(5)

"""/metrics: Prometheus text with requests by route pattern, latency, domain counts; restricted access."""
from prometheus_client.parser import text_string_to_metric_families

from app.extensions import db
from app.models import OutboxEmail
from app.services.documents.storage import get_storage

TOKEN = "t" * 40


def samples(response):
    """Map (sample name, sorted labels) to value for a Prometheus text response."""
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def test_requests_are_counted_by_route_pattern_and_status(client):
    """Two lookups of different team codes are one series under the route's pattern, not the raw path."""
    client.get("/api/teams/ICCT-901")
    client.get("/api/teams/ICCT-902")
    values = samples(client.get("/metrics"))
    key = ("icct26_http_requests_total", (("method", "GET"), ("route", "/api/teams/<code>"), ("status", "404")))
    assert values[key] == 2
    assert not any("ICCT-901" in str(labels) for _, labels in values)
    count = ("icct26_http_request_duration_seconds_count", (("method", "GET"), ("route", "/api/teams/<code>")))
    assert values[count] == 2


def test_domain_counts_are_read_at_scrape_time(app, client):
    """Teams by status and the outbox depth come from the database when scraped."""
    before = samples(client.get("/metrics"))
    assert before[("icct26_teams", (("status", "pending"),))] == 0
    with app.app_context():
        db.session.add(OutboxEmail(template="received", recipients=["a@example.org"], context={}))
        db.session.commit()
    after = samples(client.get("/metrics"))
    assert after[("icct26_outbox_emails", (("status", "pending"),))] == \
        before[("icct26_outbox_emails", (("status", "pending"),))] + 1


def test_breaker_state_of_the_storage_is_exported(app_factory):
    """A storage backend with a circuit breaker reports its state."""
    app = app_factory(CLOUDINARY_URL="cloudinary://key:secret@cloud")
    with app.app_context():
        get_storage()
    values = samples(app.test_client().get("/metrics"))
    assert values[("icct26_circuit_breaker_state", (("breaker", "storage"), ("state", "closed")))] == 1
    assert values[("icct26_circuit_breaker_state", (("breaker", "storage"), ("state", "open")))] == 0


def test_two_apps_keep_separate_registries(app_factory):
    """Requests to one app never show in another app's metrics."""
    first, second = app_factory(), app_factory()
    first.test_client().get("/api/teams/ICCT-903")
    values = samples(second.test_client().get("/metrics"))
    assert not any(labels and ("route", "/api/teams/<code>") in labels for _, labels in values)


def test_metrics_are_refused_to_other_addresses(client):
    """Only METRICS_ALLOWED_IPS may scrape without a token."""
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 403


def test_metrics_token_admits_a_remote_scraper(app_factory):
    """With METRICS_TOKEN set, a remote scraper presenting it as a bearer token is admitted."""
    client = app_factory(METRICS_TOKEN=TOKEN, METRICS_ALLOWED_IPS=["10.0.0.0/8"]).test_client()
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=remote, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/metrics", environ_base=remote, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200

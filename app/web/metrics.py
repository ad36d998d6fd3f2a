"""/metrics in Prometheus format: requests, latency, teams by status, outbox depth and breaker states."""
import hmac
import ipaddress
import logging

from flask import Blueprint, Response, current_app, request, request_finished
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import OutboxEmail, Team
from .errors import error_response
from .request_log import elapsed_seconds

log = logging.getLogger("app.metrics")
metrics_bp = Blueprint("metrics", __name__)

TEAM_STATUSES = ("pending", "confirmed", "rejected", "withdrawn")
OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
BREAKER_STATES = ("closed", "open", "half-open")


class DomainCollector:
    """Counts read from the database and component health at scrape time, so they are never stale."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        """Yield teams by status, outbox emails by status and the state of every circuit breaker."""
        teams = GaugeMetricFamily("icct26_teams", "Teams by registration status.", labels=["status"])
        outbox = GaugeMetricFamily("icct26_outbox_emails", "Outbox emails by status; pending is the queue depth.",
                                   labels=["status"])
        try:
            for family, column, statuses in ((teams, Team.status, TEAM_STATUSES),
                                             (outbox, OutboxEmail.status, OUTBOX_STATUSES)):
                counts = dict(db.session.execute(select(column, func.count()).group_by(column)).all())
                for status in statuses:
                    family.add_metric([status], counts.get(status, 0))
            yield teams
            yield outbox
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("metrics could not read the database", extra={"event": "metrics.database_unavailable"})
        yield self._breakers()

    def _breakers(self):
        """One 0/1 series per state for every extension whose health() reports a breaker (e.g. storage)."""
        family = GaugeMetricFamily("icct26_circuit_breaker_state", "Circuit breaker state (1 = current).",
                                   labels=["breaker", "state"])
        for name, extension in sorted(self.app.extensions.items()):
            health = getattr(extension, "health", None)
            report = health() if callable(health) else None
            if isinstance(report, dict) and "breaker" in report:
                for state in BREAKER_STATES:
                    family.add_metric([name, state], 1 if report["breaker"] == state else 0)
        return family


def _allowed():
    """The scraper's address is in METRICS_ALLOWED_IPS, or it presents METRICS_TOKEN as a bearer token."""
    token = current_app.config.get("METRICS_TOKEN")
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    address = ipaddress.ip_address(request.remote_addr or "0.0.0.0")
    return any(address in ipaddress.ip_network(allowed, strict=False)
               for allowed in current_app.config["METRICS_ALLOWED_IPS"])


@metrics_bp.get("/metrics")
def metrics():
    """Prometheus text exposition of this app's registry."""
    if not _allowed():
        return error_response(403, "FORBIDDEN", "Metrics are not available to this client.")
    return Response(generate_latest(current_app.extensions["metrics"]["registry"]), mimetype=CONTENT_TYPE_LATEST)


def _observe(sender, response, **_extra):
    """Count the request under its route pattern (never the raw path, which would explode the series)."""
    metrics = sender.extensions.get("metrics")
    if metrics is None:
        return
    route = request.url_rule.rule if request.url_rule else "unmatched"
    metrics["requests"].labels(request.method, route, str(response.status_code)).inc()
    metrics["latency"].labels(request.method, route).observe(elapsed_seconds())


def init_metrics(app):
    """Give the app its own registry (two apps in one process must not clash) and the /metrics route."""
    registry = CollectorRegistry()
    app.extensions["metrics"] = {
        "registry": registry,
        "requests": Counter("icct26_http_requests", "HTTP requests by route and status.",
                            ["method", "route", "status"], registry=registry),
        "latency": Histogram("icct26_http_request_duration_seconds", "Request latency by route.",
                             ["method", "route"], registry=registry),
        "shed": Counter("icct26_requests_shed", "Document-carrying writes refused 503 SERVER_BUSY by admission "
                        "control.", ["endpoint"], registry=registry),
        # Where a document-carrying write's time goes: its body arriving, its wait for a thread and a place, and
        # the place held; the first two are what admission control bounds.
        "phases": Histogram("icct26_admitted_write_phase_seconds", "Document-carrying writes: seconds receiving "
                            "the body, queued (for a thread and a place) and served.", ["phase"],
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32), registry=registry),
    }
    registry.register(DomainCollector(app))
    app.register_blueprint(metrics_bp)
    request_finished.connect(_observe)

"""Liveness and readiness checks for operators and load balancers."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db
from ..services.documents.storage import get_storage
from ..services.review.dashboard import outbox_health

health_bp = Blueprint("health", __name__)

# A breaker's state as a check: half-open means a trial call is deciding whether the service is back.
BREAKER_CHECKS = {"closed": "ok", "half-open": "degraded", "open": "unavailable"}
TROUBLE = {"degraded", "unavailable"}


@health_bp.get("/health")
def health():
    """Process is alive; touches nothing."""
    return jsonify(status="ok")


@health_bp.get("/health/ready")
def ready():
    """Database (503 when down), storage breaker, mail sender and queue, limiter storage; the rest only degrade."""
    checks = {"database": _database()}
    details = {}
    checks["storage"], details["storage"] = _storage()
    checks["mail"], mail = _mail(database_up=checks["database"] == "ok")
    if mail is not None:
        details["mail"] = mail
    checks["rate_limit_storage"] = _limiter_storage()
    if checks["database"] != "ok":
        return jsonify(status="unavailable", checks=checks, details=details), 503
    status = "degraded" if TROUBLE & set(checks.values()) else "ok"
    return jsonify(status=status, checks=checks, details=details), 200


def _database():
    """'ok' when SELECT 1 answers, else 'unavailable' (the detail goes to the log, not the client)."""
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any failure means not ready
        db.session.rollback()
        return "unavailable"


def _storage():
    """Cloudinary's breaker state, or whether the local upload folder is writable; no call to the service."""
    health = get_storage().health()
    if "breaker" in health:
        return BREAKER_CHECKS.get(health["breaker"], "unavailable"), health
    return ("ok" if health.get("writable") else "unavailable"), health


def _mail(database_up):
    """The outbox sender's breaker, with the queue (counts, oldest unsent age) while the database answers."""
    if not current_app.config.get("SMTP_HOST"):
        return "not configured", None
    sender = current_app.extensions.get("outbox_sender")
    # Without a sender here (cron delivery, OUTBOX_SENDER_ENABLED off) this process cannot see the breaker.
    check = BREAKER_CHECKS.get(sender.resilience.state, "unavailable") if sender else "not running in this process"
    return check, outbox_health(sender) if database_up else None


def _limiter_storage():
    """The rate limiter's storage; when it is down the limiter fails open to per-process memory."""
    limiter = current_app.appbuilder.sm.limiter
    if not (limiter.enabled and limiter.initialized):
        return "disabled"
    return "ok" if limiter.storage.check() else "unavailable"

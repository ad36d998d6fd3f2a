"""Liveness and readiness checks for operators and load balancers."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db

health_bp = Blueprint("health", __name__)


@health_bp.get("/health")
def health():
    """Process is alive; touches nothing."""
    return jsonify(status="ok")


@health_bp.get("/health/ready")
def ready():
    """Ready when the database answers (503 otherwise); a down limiter storage only degrades (it fails open)."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready; the detail goes to the log, not the client
        db.session.rollback()
        checks["database"] = "unavailable"
    limiter = current_app.appbuilder.sm.limiter
    if limiter.enabled and limiter.initialized:
        checks["rate_limit_storage"] = "ok" if limiter.storage.check() else "unavailable"
    if checks["database"] != "ok":
        return jsonify(status="unavailable", checks=checks), 503
    return jsonify(status="ok" if "unavailable" not in checks.values() else "degraded", checks=checks), 200

"""Liveness and readiness checks for operators and load balancers."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from ..extensions import db

health_bp = Blueprint("health", __name__)


@health_bp.get("/health")
def health():
    """Process is alive; touches nothing."""
    return jsonify(status="ok")


@health_bp.get("/health/ready")
def ready():
    """Ready when the database answers; 503 otherwise."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready; the detail goes to the log, not the client
        db.session.rollback()
        checks["database"] = "unavailable"
    status = 200 if checks["database"] == "ok" else 503
    return jsonify(status="ok" if status == 200 else "unavailable", checks=checks), status

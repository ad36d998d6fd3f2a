"""Production refuses to start with unsafe settings, naming each problem on its own line."""
import os
import subprocess
import sys

import pytest

from app import create_app

SAFE = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "k" * 48,
    "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:5432/postgres",
    "DEBUG": False,
    "CLOUDINARY_URL": "",
    "SMTP_HOST": "", "SMTP_USERNAME": "", "SMTP_PASSWORD": "",
}


@pytest.mark.parametrize("override, message", [
    ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
    ({"SECRET_KEY": "change-me"}, "SECRET_KEY is missing, a placeholder"),
    ({"SECRET_KEY": "short-but-real"}, "shorter than 32 characters"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.db"}, "DATABASE_URL must point to PostgreSQL"),
    ({"DEBUG": True}, "debug must be off"),
    ({"SMTP_HOST": "smtp.example.org"}, "SMTP is half-configured: also set SMTP_USERNAME, SMTP_PASSWORD"),
    ({"SMTP_HOST": "h", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p", "SMTP_USE_TLS": True, "SMTP_USE_SSL": True},
     "SMTP_USE_TLS and SMTP_USE_SSL cannot both be on"),
    ({"CLOUDINARY_URL": "cloudinary://only-key@cloud"}, "CLOUDINARY_URL is half-configured"),
    ({"RATELIMIT_ENABLED": False}, "RATELIMIT_ENABLED must stay on"),
    ({"CORS_ORIGINS": ["*"]}, "CORS_ORIGINS must list origins"),
])
def test_production_refuses_each_unsafe_setting(tmp_path, override, message):
    """Each unsafe setting stops create_app with its own line."""
    settings = dict(SAFE, INSTANCE_PATH=str(tmp_path), **override)
    with pytest.raises(SystemExit) as stopped:
        create_app(settings)
    lines = str(stopped.value).splitlines()
    assert lines[0] == "Refusing to start in production:"
    assert any(message in line for line in lines[1:]), lines


def test_production_with_safe_settings_starts(tmp_path):
    """A complete production configuration builds an app with secure cookies and a 20-connection pool."""
    app = create_app(dict(SAFE, INSTANCE_PATH=str(tmp_path)))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert (options["pool_size"], options["pool_pre_ping"], options["pool_recycle"]) == (20, True, 3600)
    assert "statement_timeout" in options["connect_args"]["options"]


def test_pool_sizes_per_environment(tmp_path):
    """PostgreSQL pools: 20 / 5 / 1 for production / development / testing."""
    sizes = {}
    for environment in ("development", "testing"):
        app = create_app({"ENVIRONMENT": environment, "INSTANCE_PATH": str(tmp_path),
                          "SQLALCHEMY_DATABASE_URI": SAFE["SQLALCHEMY_DATABASE_URI"]})
        sizes[environment] = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"]
    assert sizes == {"development": 5, "testing": 1}


def test_run_py_exits_non_zero_and_names_every_problem(tmp_path):
    """The real start command prints every problem at once and exits non-zero."""
    env = {"PATH": os.environ["PATH"], "ENVIRONMENT": "production", "SECRET_KEY": "changeme",
           "INSTANCE_PATH": str(tmp_path), "SMTP_HOST": "smtp.example.org", "DATABASE_URL": ""}
    result = subprocess.run([sys.executable, "run.py"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "PostgreSQL" in result.stderr and "SMTP" in result.stderr


def test_production_exits_when_the_database_never_answers(tmp_path):
    """Production with an unreachable database exits non-zero with a clear message."""
    env = {"PATH": os.environ["PATH"], "ENVIRONMENT": "production", "SECRET_KEY": "s" * 40,
           "INSTANCE_PATH": str(tmp_path), "DB_STARTUP_RETRIES": "2",
           "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"}
    result = subprocess.run([sys.executable, "run.py"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "database did not answer" in result.stderr

"""Production refuses unsafe web settings: limiter storage, CORS origins, metrics access, log level, cookies."""
import pytest

from app import create_app
from tests.test_production_config import SAFE


@pytest.mark.parametrize("override, message", [
    ({"RATELIMIT_STORAGE_URI": "memcached://127.0.0.1:11211"}, "RATELIMIT_STORAGE_URI must be memory://"),
    ({"CORS_ORIGINS": ["localhost:5173"]}, "CORS_ORIGINS entry 'localhost:5173' must be http(s)://host"),
    ({"CORS_ORIGINS": ["https://icct26.example.org/app"]}, "with no path"),
    ({"METRICS_ALLOWED_IPS": ["prometheus"]}, "METRICS_ALLOWED_IPS entry 'prometheus'"),
    ({"METRICS_TOKEN": "short"}, "METRICS_TOKEN must be at least 32 characters"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be"),
    ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE must stay on"),
])
def test_production_refuses_each_unsafe_web_setting(tmp_path, override, message):
    """Each unsafe setting stops create_app with its own line."""
    settings = dict(SAFE, INSTANCE_PATH=str(tmp_path), LOG_DIR=str(tmp_path / "logs"), **override)
    with pytest.raises(SystemExit) as stopped:
        create_app(settings)
    assert any(message in line for line in str(stopped.value).splitlines()[1:]), str(stopped.value)


def test_production_accepts_redis_https_origins_networks_and_a_long_token(tmp_path):
    """Realistic production web settings start."""
    app = create_app(dict(SAFE, INSTANCE_PATH=str(tmp_path), LOG_DIR=str(tmp_path / "logs"),
                          RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/5",
                          CORS_ORIGINS=["https://icct26.example.org", "http://localhost:5173"],
                          METRICS_ALLOWED_IPS=["127.0.0.1", "10.0.0.0/8", "::1"], METRICS_TOKEN="m" * 40,
                          LOG_LEVEL="warning"))
    assert app.config["RATELIMIT_ENABLED"] is True

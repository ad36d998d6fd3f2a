"""Settings: one class per ENVIRONMENT, every value read from the environment (and `.env` when present)."""
import ipaddress
import os
import re
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(BASE_DIR / ".env")

MiB = 1024 * 1024
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development", "replace-me"}


def env_str(name, default=""):
    """Return a stripped environment string, or the default when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_int(name, default):
    """Return an integer environment value."""
    value = env_str(name)
    return int(value) if value else default


def env_float(name, default):
    """Return a float environment value."""
    value = env_str(name)
    return float(value) if value else default


def env_bool(name, default):
    """Return a boolean environment value (1/true/yes/on)."""
    value = env_str(name)
    return value.lower() in {"1", "true", "yes", "on"} if value else default


def env_list(name, default=()):
    """Return a comma-separated environment value as a list."""
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else list(default)


class Config:
    """Settings shared by every environment."""

    ENVIRONMENT = "development"
    DEBUG = False
    TESTING = False
    SECRET_KEY = env_str("SECRET_KEY")
    INSTANCE_PATH = env_str("INSTANCE_PATH", str(BASE_DIR / "instance"))
    DATABASE_URL = env_str("DATABASE_URL")
    DB_POOL_SIZE = 5
    DB_MAX_OVERFLOW = 5
    DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 30_000)
    DB_STARTUP_RETRIES = env_int("DB_STARTUP_RETRIES", 5)
    # SQLite only (the embedded default): FULL makes every commit reach the disk before it returns.
    SQLITE_SYNCHRONOUS = env_str("SQLITE_SYNCHRONOUS", "FULL")
    HOST = env_str("HOST", "127.0.0.1")
    PORT = env_int("PORT", 8080)
    WAITRESS_THREADS = env_int("WAITRESS_THREADS", 8)
    WAITRESS_INBUF_OVERFLOW = env_int("WAITRESS_INBUF_OVERFLOW", 8 * MiB)
    # Read up to 1 MiB per receive: a 2.5 MB registration arrives in 3 reads instead of 10, each of which must win
    # the GIL back from the request and upload threads (with 256 KiB, receiving took 0.43 s on average at c=32).
    WAITRESS_RECV_BYTES = env_int("WAITRESS_RECV_BYTES", 1024 * 1024)
    WAITRESS_CONNECTION_LIMIT = env_int("WAITRESS_CONNECTION_LIMIT", 1000)
    # A connection must deliver a whole request header this many seconds after it opens (or after the first byte
    # of its next request); an idle connection is closed after WAITRESS_CHANNEL_TIMEOUT seconds without traffic.
    WAITRESS_HEADER_TIMEOUT = env_int("WAITRESS_HEADER_TIMEOUT", 10)
    WAITRESS_CHANNEL_TIMEOUT = env_int("WAITRESS_CHANNEL_TIMEOUT", 20)
    # Open connections one client address may hold (0: no cap); applies only when TRUSTED_PROXIES is 0.
    WAITRESS_CONNECTIONS_PER_ADDRESS = env_int("WAITRESS_CONNECTIONS_PER_ADDRESS", 100)
    WAITRESS_MAX_BODY = env_int("WAITRESS_MAX_BODY", 200 * MiB)
    # Registrations, draft documents and replacements served at once (0: no admission control), and how long one
    # may wait for a place, from when the server queued it, before it is answered 503 SERVER_BUSY with Retry-After.
    ADMISSION_SLOTS = env_int("ADMISSION_SLOTS", 4)
    ADMISSION_WAIT_SECONDS = env_float("ADMISSION_WAIT_SECONDS", 0.35)
    ADMIN_USERNAME = env_str("ADMIN_USERNAME", "admin")
    ADMIN_PASSWORD = env_str("ADMIN_PASSWORD")
    ADMIN_EMAIL = env_str("ADMIN_EMAIL", "admin@example.org")
    CLOUDINARY_URL = env_str("CLOUDINARY_URL")
    STORAGE_TIMEOUT = env_float("STORAGE_TIMEOUT", 30.0)
    UPLOAD_BREAKER_FAIL_MAX = env_int("UPLOAD_BREAKER_FAIL_MAX", 5)
    UPLOAD_BREAKER_RESET_SECONDS = env_float("UPLOAD_BREAKER_RESET_SECONDS", 60.0)
    UPLOAD_RETRY_WAITS = (0.5, 1.0, 2.0)
    UPLOAD_CONCURRENCY = env_int("UPLOAD_CONCURRENCY", 16)
    SMTP_HOST = env_str("SMTP_HOST")
    SMTP_PORT = env_int("SMTP_PORT", 587)
    SMTP_USERNAME = env_str("SMTP_USERNAME")
    SMTP_PASSWORD = env_str("SMTP_PASSWORD")
    SMTP_USE_TLS = env_bool("SMTP_USE_TLS", False)
    SMTP_USE_SSL = env_bool("SMTP_USE_SSL", False)
    MAIL_FROM = env_str("MAIL_FROM", "ICCT26 <no-reply@icct26.local>")
    OUTBOX_SENDER_ENABLED = env_bool("OUTBOX_SENDER_ENABLED", True)
    MAIL_TIMEOUT = env_float("MAIL_TIMEOUT", 20.0)
    # A fresh email is tried at once, for at most this long, so the page can say it was sent; else it is queued.
    MAIL_SEND_NOW_TIMEOUT = env_float("MAIL_SEND_NOW_TIMEOUT", 5.0)
    MAIL_POLL_SECONDS = env_float("MAIL_POLL_SECONDS", 5.0)
    MAIL_BATCH_SIZE = env_int("MAIL_BATCH_SIZE", 20)
    MAIL_CLAIM_SECONDS = env_int("MAIL_CLAIM_SECONDS", 300)
    MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
    MAIL_BACKOFF_SECONDS = env_float("MAIL_BACKOFF_SECONDS", 30.0)
    MAIL_BACKOFF_MAX_SECONDS = env_float("MAIL_BACKOFF_MAX_SECONDS", 3600.0)
    MAIL_BREAKER_FAIL_MAX = env_int("MAIL_BREAKER_FAIL_MAX", 5)
    MAIL_BREAKER_RESET_SECONDS = env_float("MAIL_BREAKER_RESET_SECONDS", 60.0)
    DOCUMENT_URL_SECONDS = env_int("DOCUMENT_URL_SECONDS", 300)
    # The address captains reach this app at; emails build their links (the private status page) on it.
    PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", f"http://{HOST}:{PORT}")
    # Every time on admin and public pages is shown in this zone, and times organisers type are read in it.
    TOURNAMENT_TIMEZONE = env_str("TOURNAMENT_TIMEZONE", "Asia/Kolkata")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    # Registration writes per client address; public reads (pages, public JSON) have their own, larger budget.
    RATELIMIT_PUBLIC = env_str("RATELIMIT_PUBLIC", "30 per minute")
    RATELIMIT_PUBLIC_READS = env_str("RATELIMIT_PUBLIC_READS", "3000 per minute")
    RATELIMIT_STORAGE_URI = env_str("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_API = env_str("RATELIMIT_API", "300 per minute")
    # Drafts have budgets of their own: one registration sends up to 33 files, each in its own request.
    RATELIMIT_DRAFTS = env_str("RATELIMIT_DRAFTS", "30 per hour")
    RATELIMIT_DRAFT_FILES = env_str("RATELIMIT_DRAFT_FILES", "300 per minute")
    # A captain's status page per client address: its views, and its replacement uploads.
    RATELIMIT_STATUS = env_str("RATELIMIT_STATUS", "60 per minute")
    RATELIMIT_STATUS_UPLOADS = env_str("RATELIMIT_STATUS_UPLOADS", "10 per minute")
    RATELIMIT_KEY_PREFIX = env_str("RATELIMIT_KEY_PREFIX", "icct26")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
    CORS_ORIGINS = env_list("CORS_ORIGINS", ["http://localhost:5173"])
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
    LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
    LOG_DIR = env_str("LOG_DIR", str(BASE_DIR / "logs"))
    LOG_MAX_BYTES = env_int("LOG_MAX_BYTES", 10 * MiB)
    LOG_BACKUP_COUNT = env_int("LOG_BACKUP_COUNT", 5)
    METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1"])
    METRICS_TOKEN = env_str("METRICS_TOKEN")
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 10 * MiB)
    REQUEST_TIMEOUT = env_int("REQUEST_TIMEOUT", 60)
    # On SIGTERM, requests in flight get this long to finish before the remaining connections are closed.
    SHUTDOWN_GRACE_SECONDS = env_float("SHUTDOWN_GRACE_SECONDS", 30.0)
    MAX_FILE_BYTES = env_int("MAX_FILE_BYTES", 5 * MiB)
    IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24)
    # Registration drafts: how long a draft's uploads are kept, and its caps (0: as many files, and as many bytes,
    # as one registration may hold).
    DRAFT_LIFETIME_HOURS = env_int("DRAFT_LIFETIME_HOURS", 24)
    DRAFT_MAX_FILES = env_int("DRAFT_MAX_FILES", 0)
    DRAFT_MAX_BYTES = env_int("DRAFT_MAX_BYTES", 0)
    # Hours a waiting team has to complete its registration once a freed slot is offered to it.
    WAITLIST_OFFER_HOURS = env_int("WAITLIST_OFFER_HOURS", 48)
    # Every serving process (run.py) passes offers past their deadline to the next in line this often (0: only
    # `waitlist-sweep`, by cron).
    WAITLIST_SWEEP_SECONDS = env_float("WAITLIST_SWEEP_SECONDS", 60.0)
    # Public reads are cached per process for this long (0: off); a commit in the same process drops them at
    # once, another instance's commit shows after at most this many seconds.
    PUBLIC_READ_CACHE_SECONDS = env_float("PUBLIC_READ_CACHE_SECONDS", 2.0)
    # Seconds a browser or proxy may reuse a public JSON read that is the same for everyone without asking again.
    PUBLIC_READ_MAX_AGE = env_int("PUBLIC_READ_MAX_AGE", 5)
    # Anonymous reads of a cached JSON document are answered before Flask, replaying the headers the full stack
    # gave the same read (app/web/fast_reads.py); off sends every read through Flask.
    PUBLIC_READ_FAST_PATH = env_bool("PUBLIC_READ_FAST_PATH", True)
    # The schedule and standings pages ask for changes this often while a match is on (live or due), else rarely;
    # each ask is a conditional request answered 304 when nothing changed.
    PUBLIC_LIVE_POLL_SECONDS = env_int("PUBLIC_LIVE_POLL_SECONDS", 15)
    PUBLIC_IDLE_POLL_SECONDS = env_int("PUBLIC_IDLE_POLL_SECONDS", 300)

    APP_NAME = "ICCT26 Tournament Desk"
    # FAB's own OpenAPI and Swagger views demand a sign-in; app/api/docs.py adds open ones in their place.
    FAB_ADD_OPENAPI_VIEWS = False
    FAB_CREATE_DB = False
    FAB_UPDATE_PERMS = False
    AUTH_TYPE = 1  # AUTH_DB
    AUTH_ROLE_ADMIN = "Admin"
    AUTH_ROLE_PUBLIC = "Public"
    AUTH_RATE_LIMITED = True
    AUTH_RATE_LIMIT = "5 per minute"
    LANGUAGES = {
        "en": {"flag": "gb", "name": "English"},
        "ta": {"flag": "in", "name": "தமிழ்"},
    }
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    JWT_ACCESS_TOKEN_EXPIRES = 900
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    @classmethod
    def database_uri(cls):
        """Return DATABASE_URL, or a SQLite file in the instance folder."""
        return cls.DATABASE_URL or f"sqlite:///{Path(cls.INSTANCE_PATH) / 'icct26.db'}"


class DevelopmentConfig(Config):
    """Local development: SQLite and local storage unless told otherwise."""

    ENVIRONMENT = "development"
    DEBUG = env_bool("FLASK_DEBUG", False)
    SECRET_KEY = Config.SECRET_KEY or "development-only-key-not-for-production"


class TestingConfig(Config):
    """The test suite: one pooled connection, no CSRF on the test client unless a test asks."""

    ENVIRONMENT = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-secret-key-0123456789abcdef"
    DB_POOL_SIZE = 1
    DB_MAX_OVERFLOW = 10
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    UPLOAD_RETRY_WAITS = (0.01, 0.02, 0.04)
    OUTBOX_SENDER_ENABLED = False
    WAITLIST_SWEEP_SECONDS = 0  # a test that wants the sweeper thread turns it on
    DB_STARTUP_RETRIES = 1
    # FAB's scrypt costs 0.1 to 0.4 s of CPU per password hashed or checked, and the suite signs in and creates
    # users hundreds of times; a cheap method keeps the same code path. Other environments keep scrypt.
    FAB_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Every test's database is a throwaway copy: no commit needs to reach the disk (about 13 ms per commit).
    SQLITE_SYNCHRONOUS = "OFF"
    # Tests send registrations at once on a loaded machine and count the outcomes: they queue for a place, and
    # are never shed, except in the tests of admission control, which set their own wait.
    ADMISSION_WAIT_SECONDS = 120.0


class ProductionConfig(Config):
    """Production: PostgreSQL, secure cookies, checked at start-up."""

    ENVIRONMENT = "production"
    DB_POOL_SIZE = 20
    DB_MAX_OVERFLOW = 10
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    DB_STARTUP_RETRIES = env_int("DB_STARTUP_RETRIES", 10)


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def config_for(environment=None):
    """Return the config class for ENVIRONMENT (development by default)."""
    name = (environment or env_str("ENVIRONMENT", "development")).lower()
    if name not in CONFIGS:
        raise SystemExit(f"ENVIRONMENT must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def production_problems(settings):
    """List every unsafe production setting, one plain sentence each."""
    problems = []
    secret = settings.get("SECRET_KEY") or ""
    if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < 32:
        problems.append("SECRET_KEY is missing, a placeholder or shorter than 32 characters")
    if not str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        problems.append("DATABASE_URL must point to PostgreSQL (postgresql://...)")
    if settings.get("DEBUG"):
        problems.append("debug must be off (unset FLASK_DEBUG)")
    smtp = ["SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD"]
    set_smtp = [key for key in smtp if settings.get(key)]
    if set_smtp and len(set_smtp) < len(smtp):
        missing = ", ".join(key for key in smtp if not settings.get(key))
        problems.append(f"SMTP is half-configured: also set {missing}")
    if settings.get("SMTP_USE_TLS") and settings.get("SMTP_USE_SSL"):
        problems.append("SMTP_USE_TLS and SMTP_USE_SSL cannot both be on")
    cloudinary_url = settings.get("CLOUDINARY_URL") or ""
    if cloudinary_url and not _valid_cloudinary_url(cloudinary_url):
        problems.append("CLOUDINARY_URL is half-configured: use cloudinary://<key>:<secret>@<cloud>")
    if settings.get("RATELIMIT_ENABLED") is False:
        problems.append("RATELIMIT_ENABLED must stay on in production")
    if "*" in settings.get("CORS_ORIGINS", []):
        problems.append("CORS_ORIGINS must list origins, not '*'")
    if settings.get("TRUSTED_PROXIES", 0) < 0:
        problems.append("TRUSTED_PROXIES must be 0 or more")
    problems.extend(_web_problems(settings))
    return problems


def _web_problems(settings):
    """Unsafe rate-limit storage, CORS origins, metrics access, log level and cookies."""
    problems = []
    if not re.match(r"^(memory|redis|rediss)://", settings.get("RATELIMIT_STORAGE_URI", "")):
        problems.append("RATELIMIT_STORAGE_URI must be memory:// or redis://host:port/db")
    for origin in settings.get("CORS_ORIGINS", []):
        if origin != "*" and not re.match(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$", origin):
            problems.append(f"CORS_ORIGINS entry {origin!r} must be http(s)://host[:port] with no path")
    for allowed in settings.get("METRICS_ALLOWED_IPS", []):
        try:
            ipaddress.ip_network(allowed, strict=False)
        except ValueError:
            problems.append(f"METRICS_ALLOWED_IPS entry {allowed!r} is not an IP address or network")
    if settings.get("METRICS_TOKEN") and len(settings["METRICS_TOKEN"]) < 32:
        problems.append("METRICS_TOKEN must be at least 32 characters when set")
    if str(settings.get("LOG_LEVEL", "INFO")).upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        problems.append("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
    if not settings.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE must stay on in production (TLS ends at the proxy)")
    return problems


def _valid_cloudinary_url(url):
    """True when a cloudinary:// URL names a key, a secret and a cloud."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    return parsed.scheme == "cloudinary" and bool(parsed.username and parsed.password and parsed.hostname)

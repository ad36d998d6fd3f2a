"""Serve the app with waitress: `python run.py` (HOST, PORT, WAITRESS_THREADS from the environment)."""
import logging
import signal
import sys

from waitress.server import create_server

from app import create_app
from app.database import wait_for_database
from app.extensions import db

log = logging.getLogger("app.server")


def waitress_settings(config):
    """Waitress options from config; large buffers so multi-megabyte uploads are not spooled to disk."""
    return {
        "threads": config["WAITRESS_THREADS"],
        "channel_timeout": config["REQUEST_TIMEOUT"],
        "inbuf_overflow": config["WAITRESS_INBUF_OVERFLOW"],
        "recv_bytes": config["WAITRESS_RECV_BYTES"],
        "connection_limit": config["WAITRESS_CONNECTION_LIMIT"],
        "max_request_body_size": config["WAITRESS_MAX_BODY"],
        # Waitress strips X-Forwarded-* unless told not to; with TRUSTED_PROXIES > 0 the app's ProxyFix
        # decides which hops to trust, so the headers must reach it.
        "clear_untrusted_proxy_headers": config["TRUSTED_PROXIES"] == 0,
        "ident": "icct26",
    }


def main():
    """Check the database, then serve until SIGTERM or Ctrl-C, letting running requests finish."""
    app = create_app()
    with app.app_context():
        if not wait_for_database(db.engine, app.config["DB_STARTUP_RETRIES"]):
            print("ERROR: the database did not answer at start-up; check DATABASE_URL.", file=sys.stderr)
            if app.config["ENVIRONMENT"] == "production":
                sys.exit(2)
    server = create_server(app, host=app.config["HOST"], port=app.config["PORT"], **waitress_settings(app.config))
    signal.signal(signal.SIGTERM, lambda *_: server.close())
    print(f"ICCT26 Tournament Desk serving on http://{app.config['HOST']}:{app.config['PORT']}", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()

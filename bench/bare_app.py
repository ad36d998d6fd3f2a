"""The baseline: a bare Flask app on waitress that parses the same multipart form and discards it."""
import argparse

from flask import Flask, jsonify, request
from waitress import serve


def create_bare_app():
    """A Flask app with one upload route and one trivial GET route."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 200 * 1024 * 1024
    app.config["MAX_FORM_PARTS"] = 1000

    @app.post("/api/register/team")
    def register():
        files = {name: len(storage.read()) for name, storage in request.files.items()}
        return jsonify(success=True, fields=len(request.form), files=len(files)), 201

    @app.get("/api/ping")
    def ping():
        return jsonify(success=True)

    return app


def main():
    """Serve the baseline with the same waitress settings as the app."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--inbuf-overflow", type=int, default=8 * 1024 * 1024)
    parser.add_argument("--recv-bytes", type=int, default=1024 * 1024)
    args = parser.parse_args()
    serve(create_bare_app(), host="127.0.0.1", port=args.port, threads=args.threads,
          inbuf_overflow=args.inbuf_overflow, recv_bytes=args.recv_bytes, connection_limit=200,
          max_request_body_size=200 * 1024 * 1024, _quiet=True)


if __name__ == "__main__":
    main()

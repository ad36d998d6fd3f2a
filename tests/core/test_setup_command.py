"""The first run as an operator sees it: `setup` prints the admin's sign-in in its own block, quietly on re-runs."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"={72}\n  First admin created\n  user name: (?P<user>\S+)\n  password:  (?P<password>\S+)\n")


@pytest.fixture
def fresh_app(tmp_path):
    """An app on an empty SQLite database with no ADMIN_PASSWORD, as on a fresh machine."""
    return make_app(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path / "instance", ADMIN_PASSWORD=None,
                    ADMIN_USERNAME="admin", ADMIN_EMAIL="admin@example.org")


def signs_in(app, username, password):
    """True when a form login with these credentials opens the admin (a refused one lands back on /login/)."""
    client = app.test_client()
    client.post("/login/", data={"username": username, "password": password})
    return client.get("/users/userinfo/").status_code == 200


def test_setup_ends_with_the_generated_admin_password_in_its_own_block(fresh_app):
    """The last lines of the first run name the user, its generated password and the command that resets it."""
    output = fresh_app.test_cli_runner().invoke(args=["setup"]).output
    found = BLOCK.search(output)
    assert found, output
    assert output.rstrip().endswith("=" * 72)
    assert "flask --app app reset-password --username admin" in output[found.start():]
    assert signs_in(fresh_app, "admin", found["password"])


def test_a_second_setup_prints_no_warnings_and_keeps_the_admin(tmp_path):
    """Re-running setup (every release does) syncs permissions without FAB's 'Refused to delete' warnings."""
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "ADMIN_PASSWORD": "",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'operator.db'}", "ENVIRONMENT": "development"}
    command = [sys.executable, "-m", "flask", "--app", "app", "setup"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert BLOCK.search(first.stdout), first.stdout + first.stderr
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert second.returncode == 0, second.stderr
    printed = second.stdout + second.stderr
    assert "WARN" not in printed and "Refused" not in printed, printed
    assert "Admin user already exists." in second.stdout


def test_reset_password_prints_a_new_one_and_the_old_one_stops_working(fresh_app):
    """A lost admin password is recovered from the command line; the old password no longer signs in."""
    runner = fresh_app.test_cli_runner()
    old = BLOCK.search(runner.invoke(args=["setup"]).output)["password"]
    output = runner.invoke(args=["reset-password", "--username", "admin"]).output
    new = re.search(r"  password:  (\S+)\n", output)[1]
    assert new != old
    assert not signs_in(fresh_app, "admin", old)
    assert signs_in(fresh_app, "admin", new)


def test_reset_password_for_an_unknown_user_fails_clearly(fresh_app):
    """A misspelt user name is an error, not a silent no-op."""
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["setup"])
    result = runner.invoke(args=["reset-password", "--username", "nobody"])
    assert result.exit_code != 0
    assert "No user is called 'nobody'" in result.output

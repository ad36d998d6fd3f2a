"""The hashed locks (requirements*.txt) agree with the .in files they are compiled from; no network needed."""
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
# Each .in file and the lock pip-compile writes from it.
PAIRS = [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def read_in(name, seen=None):
    """Top-level requirements of an .in file as {name: (Requirement, the .in file that names it)}, following -r."""
    seen = seen if seen is not None else set()
    if name in seen:
        return {}
    seen.add(name)
    found = {}
    for raw in (ROOT / name).read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            found.update(read_in(line.split(None, 1)[1], seen))
        elif line.startswith("-"):
            continue  # -c and other options constrain versions but name no package of their own
        else:
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = (requirement, name)
    return found


def read_lock(name):
    """A lock as {name: {"version", "hashes", "via"}}, one entry per pinned package."""
    entries, current, in_via = {}, None, False
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = {"version": match["version"], "hashes": [], "via": []}
            entries[canonicalize_name(match["name"])] = current
            in_via = False
            continue
        if not line.startswith("    "):
            current = current if not line else None  # a column-0 comment ends the entry; a blank line does not
            continue
        if current is None:
            continue
        body = line.strip()
        if body.startswith("--hash="):
            current["hashes"].append(body.rstrip(" \\"))
        elif body.startswith("# via"):
            rest = body[len("# via"):].strip()
            current["via"].extend([rest] if rest else [])
            in_via = not rest
        elif in_via and body.startswith("#"):
            current["via"].append(body.lstrip("# ").strip())
    return entries


@pytest.mark.parametrize("source,lock", PAIRS)
def test_lock_pins_every_top_level_requirement(source, lock):
    """Each requirement of the .in file is pinned in the lock at a version its specifier allows."""
    pinned = read_lock(lock)
    problems = []
    for name, (requirement, origin) in sorted(read_in(source).items()):
        if name not in pinned:
            problems.append(f"{requirement} ({origin}) is not in {lock}")
        elif not requirement.specifier.contains(pinned[name]["version"], prereleases=True):
            problems.append(f"{requirement} ({origin}) but {lock} pins {name}=={pinned[name]['version']}")
    assert not problems, f"{lock} is stale; recompile it (see README, Dependencies):\n" + "\n".join(problems)


@pytest.mark.parametrize("source,lock", PAIRS)
def test_every_lock_entry_carries_hashes(source, lock):
    """Every pinned package in the lock lists at least one sha256 hash, so pip installs in hash-checking mode."""
    entries = read_lock(lock)
    assert entries, f"{lock} pins nothing"
    unhashed = sorted(name for name, entry in entries.items() if not entry["hashes"])
    assert not unhashed, f"{lock} has entries without --hash: {unhashed}"
    assert all(h.startswith("--hash=sha256:") for entry in entries.values() for h in entry["hashes"])


@pytest.mark.parametrize("source,lock", PAIRS)
def test_every_requirement_line_in_lock_is_pinned(source, lock):
    """The lock holds no unpinned, editable, URL or machine-local lines that would slip past the hash check."""
    strays = [line for line in (ROOT / lock).read_text().splitlines()
              if line and not line.startswith((" ", "#")) and not PIN.match(line)]
    assert not strays, f"{lock} has lines that are not name==version pins: {strays}"
    assert "file://" not in (ROOT / lock).read_text(), f"{lock} names a machine-local path"


@pytest.mark.parametrize("source,lock", PAIRS)
def test_top_level_requirements_are_annotated_via_their_in_file(source, lock):
    """pip-compile records each top-level package as `via -r <its .in file>`; a missing one means a stale lock."""
    entries = read_lock(lock)
    missing = sorted(f"{name} (expected via -r {origin})" for name, (_, origin) in read_in(source).items()
                     if name in entries and f"-r {origin}" not in entries[name]["via"])
    assert not missing, f"{lock} does not attribute these to their .in file: {missing}"


def test_dev_lock_pins_runtime_packages_at_the_same_versions():
    """Everything pinned in requirements.txt is pinned identically in requirements-dev.txt."""
    runtime, dev = read_lock("requirements.txt"), read_lock("requirements-dev.txt")
    differ = sorted(f"{name}: {entry['version']} vs {dev[name]['version'] if name in dev else 'missing'}"
                    for name, entry in runtime.items() if dev.get(name, {}).get("version") != entry["version"])
    assert not differ, f"requirements-dev.txt disagrees with requirements.txt: {differ}"

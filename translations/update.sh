#!/usr/bin/env bash
# Extract translatable strings, merge them into every catalogue (creating Tamil if missing), compile.
# Idempotent: when the marked strings have not changed, a run leaves every file as it was.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# `flask fab babel-extract` does not wait for its subprocesses (DESIGN.md §6), so call pybabel directly.
if [[ -x .venv/bin/pybabel ]]; then
    pybabel=.venv/bin/pybabel
else
    pybabel="$(command -v pybabel)" || { echo "pybabel not found: pip install Babel" >&2; exit 1; }
fi

pot=translations/messages.pot
locales=(ta)
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

"$pybabel" -q extract -F translations/babel.cfg \
    -k lazy_gettext -k _l -k lazy_ngettext:1,2 \
    --add-comments=TRANSLATORS: --sort-by-file \
    --project=ICCT26 --version=2026 --copyright-holder="ICCT26 organisers" \
    -o "$tmp" .

# Keep the old template when only its creation date differs, so a no-op run leaves git clean.
strip_date() { grep -v '^"POT-Creation-Date: ' "$1"; }
if [[ ! -f "$pot" ]] || ! diff -q <(strip_date "$pot") <(strip_date "$tmp") >/dev/null; then
    cat "$tmp" > "$pot"
    echo "updated $pot"
fi

for locale in "${locales[@]}"; do
    "$pybabel" -q update --init-missing --ignore-obsolete --ignore-pot-creation-date \
        -i "$pot" -d translations -l "$locale"
done

for locale in "${locales[@]}"; do
    "$pybabel" compile --statistics -d translations -l "$locale"
done

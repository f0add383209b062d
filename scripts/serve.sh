#!/usr/bin/env bash
# Serves Semis on http://127.0.0.1:8000 with the background worker beside it; Ctrl-C stops both.
set -euo pipefail
python=${PYTHON:-.venv/bin/python}
"$python" manage.py worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
"$python" manage.py runserver 127.0.0.1:8000

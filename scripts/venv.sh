#!/usr/bin/env bash
# Create $VENV (default .venv) with `python3 -m venv` and `pip install -e ".[test]"`.
# Re-installs only when pyproject.toml changed (its hash is kept in $VENV/.pyproject.sha256).
set -euo pipefail
LOG_TAG=venv
. "$(dirname "$0")/lib.sh"

stamp="$VENV/.pyproject.sha256"
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"

if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

command -v python3 >/dev/null || die "python3 not found on PATH (Python 3.11 is required)"
python3 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' ||
  die "python3 on PATH is $(python3 -V 2>&1); the project requires Python 3.11"

if [ ! -x "$PY" ]; then
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    log "apt-get install python3-venv (python3 -m venv needs it)"
    [ "$(id -u)" = 0 ] || die "python3-venv is missing; install it (apt-get install python3-venv) and retry"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  log "creating $VENV"
  python3 -m venv "$VENV"
fi

log "pip install -e .[test] (pyproject.toml changed or first run)"
rm -f "$stamp"
t0=$SECONDS
if ! "$PY" -m pip install -q --disable-pip-version-check --no-input -e "$ROOT[test]" > "$VENV/pip-install.log" 2>&1; then
  grep -v "^WARNING: Location 'file:" "$VENV/pip-install.log" | tail -n 30 >&2
  die "pip install failed; full output in $VENV/pip-install.log"
fi
echo "$want" > "$stamp"
log "venv ready ($((SECONDS - t0))s; pip output in $VENV/pip-install.log)"

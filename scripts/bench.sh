#!/usr/bin/env bash
# `make bench`: the benchmark suite (bench/suite.py) on the platform of `make up`: one markdown
# table, printed and written to $RUN_DIR/bench/bench-<date>.md. Options after the target's ARGS,
# e.g. `make bench ARGS=--quick` (a short run) or `ARGS="--only 1,2"`.
# wrk is apt-installed when missing; the platform must be up (run with RATE_LIMIT_PER_MINUTE=0).
set -euo pipefail
LOG_TAG=bench
. "$(dirname "$0")/lib.sh"

if ! command -v wrk >/dev/null; then
  log "apt-get install wrk"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
[ -x "$PY" ] && [ -s "$RUN_DIR/demo.env" ] || die "the platform is not running: run make up first"
down=()
for svc in $(active_services); do svc_pid "$svc" >/dev/null || down+=("$svc"); done
[ ${#down[@]} -eq 0 ] || die "not running: ${down[*]}: run make up first"
exec "$PY" "$ROOT/bench/suite.py" "$@"

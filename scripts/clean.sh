#!/usr/bin/env bash
# `make clean`: stop everything, then delete the run directory (all local data).
# Refuses a RUN_DIR that does not look like one (a safety net against RUN_DIR=/ or similar).
set -euo pipefail
LOG_TAG=clean
. "$(dirname "$0")/lib.sh"

[ -d "$RUN_DIR" ] || { log "nothing to clean ($RUN_DIR does not exist)"; exit 0; }
case "$RUN_DIR" in
  /|"$ROOT"|"$HOME"|/tmp|/root|/work) die "refusing to delete RUN_DIR=$RUN_DIR" ;;
esac
[ -e "$RUN_DIR/infra.env" ] || [ -d "$RUN_DIR/pg" ] || [ -d "$RUN_DIR/pids" ] ||
  die "$RUN_DIR does not look like a run directory (no infra.env, pg/ or pids/); not deleting it"
"$ROOT/scripts/down.sh"
rm -rf -- "$RUN_DIR"
log "removed $RUN_DIR"

#!/usr/bin/env bash
# `make down`: stop the services started by scripts/up.sh (SIGTERM, wait, then SIGKILL),
# then the project's PostgreSQL and RabbitMQ. `--services-only` keeps the servers running.
set -euo pipefail
LOG_TAG=down
. "$(dirname "$0")/lib.sh"
GRACE="${STOP_GRACE:-25}"   # a service finishes in-flight work within SHUTDOWN_GRACE_SECONDS (20)

declare -A pids=()
for f in "$PIDS"/*.pid; do
  [ -e "$f" ] || continue
  svc="$(basename "$f" .pid)"
  if pid="$(svc_pid "$svc")"; then
    kill -TERM "$pid" 2>/dev/null && pids[$svc]=$pid
  else
    rm -f "$f"   # stale: the process is gone (or the pid now belongs to something else)
  fi
done

if [ ${#pids[@]} -gt 0 ]; then
  log "SIGTERM sent to ${!pids[*]}; waiting up to ${GRACE}s"
  deadline=$((SECONDS + GRACE))
  while [ $SECONDS -lt $deadline ]; do
    for svc in "${!pids[@]}"; do
      proc_alive "${pids[$svc]}" || { unset "pids[$svc]"; rm -f "$PIDS/$svc.pid"; }
    done
    [ ${#pids[@]} -eq 0 ] && break
    sleep 0.2
  done
  for svc in "${!pids[@]}"; do
    log "$svc (pid ${pids[$svc]}) still running after ${GRACE}s: SIGKILL"
    kill -KILL "${pids[$svc]}" 2>/dev/null || true
    rm -f "$PIDS/$svc.pid"
  done
  log "services stopped"
fi

if [ "${1:-}" != "--services-only" ]; then
  "$ROOT/scripts/infra.sh" stop
  log "PostgreSQL and RabbitMQ stopped (data kept in $RUN_DIR; make clean deletes it)"
fi

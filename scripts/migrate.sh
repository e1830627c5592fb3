#!/usr/bin/env bash
# Apply the migrations of the services named (default: all of SERVICES, the ones that own
# a schema) with `python -m services.<svc> migrate`, in parallel: each owns its schema.
# The optional dev services (simulator, SMTP sink) have no database and no migrate.
# Expects the servers running and the venv present (make migrate does both); `migrate`
# also declares the service's queues on the broker.
set -euo pipefail
LOG_TAG=migrate
. "$(dirname "$0")/lib.sh"

[ -s "$RUN_DIR/infra.env" ] || die "$RUN_DIR/infra.env missing: run scripts/infra.sh start first"
mkdir -p "$LOGS"
[ -s "$RUN_DIR/services.env" ] || write_services_env

declare -A pids=()
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${SERVICES[@]}")
MIGRATE_TIMEOUT="${MIGRATE_TIMEOUT:-120}"
for svc in "${targets[@]}"; do
  svc_exists "$svc" || die "services/$svc/__main__.py not found"
  with_services_env timeout "$MIGRATE_TIMEOUT" "$PY" -m "services.$svc" migrate > "$LOGS/migrate-$svc.log" 2>&1 < /dev/null &
  pids[$svc]=$!
done

failed=()
for svc in "${!pids[@]}"; do
  if wait "${pids[$svc]}"; then
    grep -v '^{' "$LOGS/migrate-$svc.log" | tail -n1 | sed "s/^/[migrate] /" >&2 || true
  else
    failed+=("$svc")
    log "$svc: migrations FAILED or took over ${MIGRATE_TIMEOUT}s; last lines of $LOGS/migrate-$svc.log:"
    tail -n 20 "$LOGS/migrate-$svc.log" | sed 's/^/    /' >&2
  fi
done
[ ${#failed[@]} -eq 0 ] || die "migrations failed for: ${failed[*]}"

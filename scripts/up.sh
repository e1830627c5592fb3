#!/usr/bin/env bash
# `make up`: everything on this machine, no Docker. Safe to run again (what runs stays).
#  1. PostgreSQL + RabbitMQ of the project's own (scripts/infra.sh; apt-installs what is missing)
#  2. the venv (scripts/venv.sh), in parallel with 1
#  3. migrations of the services not running yet (scripts/migrate.sh)
#  4. the demo company, owner user and API key (gateway bootstrap-demo; key kept in .run/demo.env)
#     and its test signing certificate (sri_submitter install-demo-certificate), so invoices get authorized
#  5. every service in the background (logs .run/logs/<svc>.log, pids .run/pids/<svc>.pid), with
#     the SRI simulator and the SMTP sink (renderer_mailer's mail kept as .eml in .run/mail/)
#  6. wait for each /readyz          7. demo data through the public API (scripts/seed_demo.py)
#  8. .run/demo.env, and what to try
set -euo pipefail
LOG_TAG=up
. "$(dirname "$0")/lib.sh"
t0=$(date +%s%N)
READY_TIMEOUT="${READY_TIMEOUT:-60}"
DEMO_RUC="${DEMO_RUC:-1792146739001}"
DEMO_NAME="${DEMO_NAME:-Empresa Demo S.A.}"
DEMO_EMAIL="${DEMO_EMAIL:-demo@example.com}"
DEMO_PASSWORD="${DEMO_PASSWORD:-demo1234}"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
DEMO_ENV="$RUN_DIR/demo.env"

missing=()
for svc in "${SERVICES[@]}"; do svc_exists "$svc" || missing+=("$svc"); done
[ ${#missing[@]} -eq 0 ] || die "not written yet: ${missing[*]/#/services/}"
mkdir -p "$RUN_DIR" "$LOGS" "$PIDS"

# --- 1-2. apt (only what is missing), then in parallel: venv | PostgreSQL, then RabbitMQ ---
bg=()
trap 'for p in "${bg[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
"$ROOT/scripts/infra.sh" install
"$ROOT/scripts/venv.sh" & venv_job=$!; bg+=("$venv_job")
"$ROOT/scripts/infra.sh" pg-start
"$ROOT/scripts/infra.sh" rabbit-start & rabbit_job=$!; bg+=("$rabbit_job")
wait "$venv_job" || die "creating the venv failed (see above)"

write_services_env
# `migrate` also declares each service's queues, so the broker must be up: an event the
# demo bootstrap publishes is then kept for a consumer that has not started yet.
wait "$rabbit_job" || die "RabbitMQ did not start; see $LOGS/$(basename "${RABBIT_NODE:-einvoice@localhost}").log"
# Migrations of the services about to start (a running one applied its own at start;
# `make restart` or `make migrate` after adding a migration to a running service).
to_start=()
for svc in "${SERVICES[@]}"; do svc_pid "$svc" >/dev/null || to_start+=("$svc"); done
[ ${#to_start[@]} -eq 0 ] || "$ROOT/scripts/migrate.sh" "${to_start[@]}"

# --- 4. demo company, user and API key (the key secret is generated once and kept) ---
API_KEY=""
[ -s "$DEMO_ENV" ] && API_KEY="$(sed -n 's/^API_KEY=//p' "$DEMO_ENV" | tail -n1)"
if [ -z "$API_KEY" ]; then
  # same shape as the keys the gateway makes: ek_<8 lowercase/digits>_<40 letters/digits>
  API_KEY="$("$PY" -c 'import secrets, string as s
pick = lambda abc, n: "".join(secrets.choice(abc) for _ in range(n))
print("ek_" + pick(s.ascii_lowercase + s.digits, 8) + "_" + pick(s.ascii_letters + s.digits, 40))')"
  (umask 077; printf 'GATEWAY_URL=%s\nAPI_KEY=%s\n' "$GATEWAY_URL" "$API_KEY" > "$DEMO_ENV")
fi
log "bootstrap-demo (company $DEMO_RUC, user $DEMO_EMAIL)"
boot_out="$(with_services_env "$PY" -m services.gateway bootstrap-demo --ruc "$DEMO_RUC" --name "$DEMO_NAME" \
  --email "$DEMO_EMAIL" --password "$DEMO_PASSWORD" --api-key "$API_KEY" 2>"$LOGS/bootstrap-demo.log" < /dev/null)" ||
  { echo "$boot_out" >> "$LOGS/bootstrap-demo.log"; tail -n 20 "$LOGS/bootstrap-demo.log" >&2
    die "bootstrap-demo failed; see $LOGS/bootstrap-demo.log"; }
COMPANY_ID="$(printf '%s\n' "$boot_out" | "$PY" -c '
import json, sys
for line in reversed(sys.stdin.read().splitlines()):
    try:
        doc = json.loads(line)
    except ValueError:
        continue
    if isinstance(doc, dict) and "company_id" in doc and "api_key" in doc:
        print(doc["company_id"]); break
else:
    sys.exit("no JSON line with company_id and api_key in the output")
')" || { printf '%s\n' "$boot_out" >> "$LOGS/bootstrap-demo.log"; die "bootstrap-demo printed no result; see $LOGS/bootstrap-demo.log"; }

# --- 4b. a self-signed test signing certificate for the demo company (kept while valid), so
#     its invoices get authorized by the local SRI simulator (the real SRI refuses it: error 39)
log "demo signing certificate (company $COMPANY_ID, RUC $DEMO_RUC)"
with_services_env "$PY" -m services.sri_submitter install-demo-certificate --company-id "$COMPANY_ID" \
  --ruc "$DEMO_RUC" >> "$LOGS/bootstrap-demo.log" 2>&1 < /dev/null ||
  { tail -n 20 "$LOGS/bootstrap-demo.log" >&2; die "install-demo-certificate failed; see $LOGS/bootstrap-demo.log"; }

bg=()

# --- 5. services in the background; one already running with a live pid is left alone ---
checks=()
for svc in $(active_services); do
  port="$(svc_port "$svc")"
  if pid="$(svc_pid "$svc")"; then
    log "$svc already running (pid $pid, port $port)"
  else
    port_busy "$port" && die "port $port (for $svc) is taken by another process; stop it or choose other ports (GATEWAY_PORT, SIDE_PORT_BASE)"
    (
      set -a; . "$RUN_DIR/services.env"; eval "$(svc_env "$svc")"; set +a
      HTTP_PORT="$port" exec setsid nohup "$PY" -m "services.$svc" >> "$LOGS/$svc.log" 2>&1 < /dev/null
    ) &
    pid=$!
    echo "$pid" > "$PIDS/$svc.pid"
    log "started $svc (pid $pid, port $port, log $LOGS/$svc.log)"
  fi
  checks+=("$svc=$(svc_ready_url "$svc"),$pid,$LOGS/$svc.log")
done

# --- 6. wait until each one is ready (those already running must be healthy too) ---
"$PY" "$ROOT/scripts/wait_ready.py" "$READY_TIMEOUT" "${checks[@]}" ||
  die "not every service is ready (the others keep running; make logs / make status / make down)"

# --- 7. demo data, idempotent, through the public API ---
GATEWAY_URL="$GATEWAY_URL" API_KEY="$API_KEY" "$PY" "$ROOT/scripts/seed_demo.py"

# --- 8. credentials for scripts, and what to try ---
(umask 077; cat > "$DEMO_ENV.tmp" <<EOF
GATEWAY_URL=$GATEWAY_URL
API_KEY=$API_KEY
COMPANY_ID=$COMPANY_ID
USER_EMAIL=$DEMO_EMAIL
USER_PASSWORD=$DEMO_PASSWORD
EOF
)
mv "$DEMO_ENV.tmp" "$DEMO_ENV"

docs="API reference: $GATEWAY_URL/docs"
"$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$GATEWAY_URL/docs" 2>/dev/null ||
  docs="API reference: $GATEWAY_URL/docs (not answering yet; see $LOGS/gateway.log)"
secs=$(( ($(date +%s%N) - t0) / 1000000 ))
cat <<EOF

  The e-invoicing platform is up ($((secs / 1000)).$(( secs % 1000 / 100 ))s).
  gateway    $GATEWAY_URL    ($docs)
  demo key   $API_KEY
  company    $COMPANY_ID, owner $DEMO_EMAIL / $DEMO_PASSWORD
  for scripts: $DEMO_ENV    logs: $LOGS/    stop: make down
  mail sent   kept as .eml files in $RUN_DIR/mail/ (local SMTP sink 127.0.0.1:$SMTP_SINK_PORT)

  try:
  curl -s -H "X-API-Key: $API_KEY" "$GATEWAY_URL/api/v1/company/documents/lookups/establishments?type=invoice"

EOF

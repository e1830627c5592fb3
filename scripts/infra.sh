#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ of the project's own (no Docker, no systemd).
# Usage: scripts/infra.sh install|start|stop|status|env (also pg-start, rabbit-start, ...)
# Data and logs live under $RUN_DIR (default: <project>/.run). Ports avoid the
# system defaults so a machine-wide PostgreSQL/RabbitMQ is never touched.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
PG_PORT="${PG_PORT:-55432}"
AMQP_PORT="${AMQP_PORT:-56720}"
EPMD_PORT="${EPMD_PORT:-54369}"
DIST_PORT="${DIST_PORT:-56721}"
DB_USER=einvoice DB_PASS=einvoice DB_NAME=einvoice
MQ_USER=einvoice MQ_PASS=einvoice MQ_VHOST=einvoice
RABBIT_NODE="${RABBIT_NODE:-einvoice@localhost}"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
RABBIT_BIN=/usr/lib/rabbitmq/bin

RIDE_FONTS=(fonts-dejavu-core fonts-liberation2 fonts-noto-core fonts-noto-color-emoji)

log() { echo "[infra] $*" >&2; }

install() {
  local pkgs=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || pkgs+=(postgresql)
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || pkgs+=(rabbitmq-server)
  command -v xmlsec1 >/dev/null || pkgs+=(xmlsec1)
  dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || pkgs+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
  # the RIDE's fonts: Liberation (Arial metrics), Noto (symbols) and Noto Color Emoji (ride.css)
  dpkg -s "${RIDE_FONTS[@]}" >/dev/null 2>&1 || pkgs+=("${RIDE_FONTS[@]}")
  command -v pdftoppm >/dev/null || pkgs+=(poppler-utils)
  command -v promtool >/dev/null || pkgs+=(prometheus)   # its promtool checks the alert rules (tests/deploy)
  command -v chromium >/dev/null || pkgs+=(chromium)     # the /docs browser test (tests/gateway, playwright)
  command -v curl >/dev/null || pkgs+=(curl ca-certificates)
  python3 -c 'import ensurepip, venv' 2>/dev/null || pkgs+=(python3-venv)
  if [ ${#pkgs[@]} -gt 0 ]; then
    log "apt-get install ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # no package's server starts on install (Debian's prometheus would listen on :9090; only promtool is
    # used): invoke-rc.d asks policy-rc.d, and the unit stays disabled on systemd machines
    local deny=/usr/sbin/policy-rc.d added=""
    [ -e "$deny" ] || { printf '#!/bin/sh\nexit 101\n' > "$deny"; chmod 755 "$deny"; added=1; }
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null || { [ -z "$added" ] || rm -f "$deny"; exit 1; }
    [ -z "$added" ] || rm -f "$deny"
    [[ " ${pkgs[*]} " != *" prometheus "* ]] || systemctl disable --quiet prometheus >/dev/null 2>&1 || true
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
}

rabbit_env() {
  export RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_PORT="$AMQP_PORT" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_DIST_PORT="$DIST_PORT" ERL_EPMD_PORT="$EPMD_PORT" \
    RABBITMQ_MNESIA_BASE="$RUN_DIR/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$RUN_DIR/logs" \
    RABBITMQ_PID_FILE="$RUN_DIR/rabbitmq/rabbit.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$RUN_DIR/rabbitmq/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$RUN_DIR/rabbitmq/rabbitmq" RABBITMQ_ADVANCED_CONFIG_FILE="$RUN_DIR/rabbitmq/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$RUN_DIR/rabbitmq/rabbitmq-env.conf" HOME="$RUN_DIR/rabbitmq"
}
rctl() { rabbit_env; "$RABBIT_BIN/rabbitmqctl" -q "$@"; }

pg_running() { [ -n "$PG_BIN" ] && [ -s "$RUN_DIR/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" status >/dev/null 2>&1; }
rabbit_running() { rctl ping >/dev/null 2>&1; }

start_pg() {
  mkdir -p "$RUN_DIR/logs"
  if [ ! -s "$RUN_DIR/pg/PG_VERSION" ]; then
    log "initdb $RUN_DIR/pg"
    mkdir -p "$RUN_DIR/pg"; chown -R postgres:postgres "$RUN_DIR/pg" 2>/dev/null || true
    printf '%s\n' "$DB_PASS" > "$RUN_DIR/pgpass.tmp"
    chmod 644 "$RUN_DIR/pgpass.tmp"
    as_pg "$PG_BIN/initdb" -D "$RUN_DIR/pg" -U "$DB_USER" --pwfile="$RUN_DIR/pgpass.tmp" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$RUN_DIR/pgpass.tmp"
    cat >> "$RUN_DIR/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$RUN_DIR/pg'
max_connections = 300
shared_buffers = 256MB
fsync = ${PG_FSYNC:-on}
synchronous_commit = on
CONF
  fi
  if ! pg_running; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    touch "$RUN_DIR/logs/postgres.log"; chown postgres "$RUN_DIR/logs/postgres.log" 2>/dev/null || true
    as_pg "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -l "$RUN_DIR/logs/postgres.log" -w -t 60 start >/dev/null
  fi
  PGPASSWORD="$DB_PASS" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 || \
    PGPASSWORD="$DB_PASS" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" "$DB_NAME"
}

# The 'postgres' system user must be able to reach $RUN_DIR/pg: give search (x) permission
# to any parent directory that lacks it (e.g. a checkout under a 0700 `mktemp -d`).
pg_reach_run_dir() {
  su postgres -s /bin/sh -c "test -x $(printf '%q' "$RUN_DIR")" 2>/dev/null && return 0
  local d="" part
  local IFS=/
  for part in ${RUN_DIR#/}; do   # top-down: /a, /a/b, ... (each parent already reachable)
    d="$d/$part"
    [ -d "$d" ] || break
    su postgres -s /bin/sh -c "test -x $(printf '%q' "$d")" 2>/dev/null && continue
    log "chmod o+x $d (so the postgres user can reach $RUN_DIR/pg)"
    chmod o+x "$d"
  done
}

# initdb/postgres refuse to run as root: run them as the 'postgres' system user
# (created by the Debian package) when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    pg_reach_run_dir
    chown -R postgres:postgres "$RUN_DIR/pg" 2>/dev/null || true
    [ -f "$RUN_DIR/logs/postgres.log" ] && chown postgres "$RUN_DIR/logs/postgres.log" 2>/dev/null || true
    chmod 755 "$RUN_DIR" "$RUN_DIR/logs" 2>/dev/null || true
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

start_rabbit() {
  mkdir -p "$RUN_DIR/rabbitmq" "$RUN_DIR/logs"
  [ -f "$RUN_DIR/rabbitmq/enabled_plugins" ] || echo "[]." > "$RUN_DIR/rabbitmq/enabled_plugins"
  [ -f "$RUN_DIR/rabbitmq/rabbitmq.conf" ] || cat > "$RUN_DIR/rabbitmq/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
loopback_users = none
log.console = false
log.file.level = warning
CONF
  touch "$RUN_DIR/rabbitmq/rabbitmq-env.conf"
  if ! rabbit_running; then
    log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT"
    rabbit_env
    # from inside the run dir, so Erlang crash dumps (MnesiaCore.*, erl_crash.dump) land there
    (cd "$RUN_DIR/rabbitmq" && "$RABBIT_BIN/rabbitmq-server" -detached >/dev/null 2>&1) || true
    for _ in $(seq 1 120); do rabbit_running && break; sleep 0.5; done
    rctl await_startup --timeout 60 >/dev/null 2>&1 || { log "RabbitMQ did not start; see $RUN_DIR/logs"; exit 1; }
  fi
  # vhost, user and permissions once per broker data directory (each rabbitmqctl call costs ~0.5 s)
  local mark="$RUN_DIR/rabbitmq/mnesia/.provisioned-$MQ_USER-$MQ_VHOST"
  [ -f "$mark" ] && return 0
  rctl list_vhosts | grep -qx "$MQ_VHOST" || rctl add_vhost "$MQ_VHOST"
  rctl list_users | awk '{print $1}' | grep -qx "$MQ_USER" || { rctl add_user "$MQ_USER" "$MQ_PASS"; rctl set_user_tags "$MQ_USER" administrator; }
  rctl set_permissions -p "$MQ_VHOST" "$MQ_USER" ".*" ".*" ".*"
  touch "$mark"
}

# atomically: pg-start and rabbit-start may run at the same time
write_env() { env_lines > "$RUN_DIR/infra.env.$$"; mv -f "$RUN_DIR/infra.env.$$" "$RUN_DIR/infra.env"; }

env_lines() {
  echo "DATABASE_URL=postgresql://$DB_USER:$DB_PASS@127.0.0.1:$PG_PORT/$DB_NAME"
  echo "AMQP_URL=amqp://$MQ_USER:$MQ_PASS@127.0.0.1:$AMQP_PORT/$MQ_VHOST"
}

case "${1:-}" in
  install) install ;;
  start) install; start_pg; start_rabbit; write_env ;;
  stop)
    rabbit_running && { rctl stop >/dev/null 2>&1 || true; }
    pg_running && as_pg "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -m fast -w stop >/dev/null || true ;;
  status) pg_running && echo "postgres: running" || echo "postgres: stopped"
          rabbit_running && echo "rabbitmq: running" || echo "rabbitmq: stopped" ;;
  pg-start) install; start_pg; write_env ;;
  rabbit-start) install; start_rabbit; write_env ;;
  rabbit-stop) rabbit_running && { rctl stop >/dev/null 2>&1 || true; }
    ERL_EPMD_PORT="$EPMD_PORT" epmd -kill >/dev/null 2>&1 || true ;;
  vhost-add) rctl add_vhost "$2"; rctl set_permissions -p "$2" "$MQ_USER" ".*" ".*" ".*" ;;
  vhost-del) rctl delete_vhost "$2" ;;
  rabbitmqctl) shift; rctl "$@" ;;
  env) env_lines ;;
  *) echo "usage: $0 install|start|stop|status|env|vhost-add NAME|vhost-del NAME|rabbitmqctl ARGS" >&2; exit 2 ;;
esac

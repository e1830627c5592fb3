#!/usr/bin/env bash
# `make status`: the servers, and each service's pid, port and /readyz answer.
set -uo pipefail
LOG_TAG=status
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/infra.sh" status
readyz() {
  python3 - "$1" "$ROOT/scripts" <<'PY'
import sys, urllib.request, urllib.error
if sys.argv[1].startswith("smtp://"):  # the SMTP sink: its greeting
    sys.path.insert(0, sys.argv[2])
    from wait_ready import smtp_ready
    sys.exit(print(220 if smtp_ready(sys.argv[1]) else "-"))
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except OSError:
    print("-")
PY
}
printf '%-16s %-8s %-6s %s\n' service pid port readyz
for svc in $(active_services); do
  port="$(svc_port "$svc")"
  pid="$(svc_pid "$svc" || echo -)"
  printf '%-16s %-8s %-6s %s\n' "$svc" "$pid" "$port" "$(readyz "$(svc_ready_url "$svc")")"
done
[ -s "$RUN_DIR/demo.env" ] && echo "demo credentials: $RUN_DIR/demo.env"
exit 0

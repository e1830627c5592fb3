#!/usr/bin/env bash
# `make test[-unit|-integration|-e2e]`: pytest in the venv, servers started when needed.
# Usage: scripts/test.sh all|unit|integration|e2e|chaos   (extra pytest arguments: PYTEST_ARGS)
# "No tests collected" (pytest exit 5) is a failure, never a silent success.
set -euo pipefail
LOG_TAG=test
. "$(dirname "$0")/lib.sh"
kind="${1:-all}"

"$ROOT/scripts/venv.sh"
args=(-q)
case "$kind" in
  all) ;;
  unit|integration|e2e) args+=(-m "$kind") ;;
  # the chaos suite alone, long version (tests/chaos; `all` runs its short version, 100 invoices)
  chaos) args+=(-m chaos "$ROOT/tests/chaos"); export CHAOS_INVOICES="${CHAOS_INVOICES:-1000}" ;;
  *) die "usage: $0 all|unit|integration|e2e|chaos" ;;
esac
# The SRI's XSDs and WSDLs are the tests' oracle, read at run time from the team folder beside
# the checkout (../shared/sri); they are not part of this repository.
sri_dir="${SRI_XSD_DIR:-$ROOT/../shared/sri/xsd}"
[ -d "$sri_dir" ] || die "SRI schemas not found at $sri_dir: the team folder shared/ must sit beside the checkout (or set SRI_XSD_DIR)"
# The unit tests need no server; the others use the local PostgreSQL and RabbitMQ.
[ "$kind" = unit ] || "$ROOT/scripts/infra.sh" start
# Every signature is also checked with the xmlsec1 command line (Debian package xmlsec1; a
# missing one fails the signature tests), and the RIDE tests need its fonts (Noto Color Emoji
# last of them), the alert rules' tests promtool (Debian package prometheus) and the /docs browser
# test chromium: infra.sh install apt-installs what is missing.
{ command -v xmlsec1 && command -v promtool && command -v chromium && dpkg -s fonts-noto-color-emoji; } >/dev/null 2>&1 || "$ROOT/scripts/infra.sh" install
# CI (or PYTEST_NO_CACHE=1): leave no .pytest_cache behind.
if [ "${CI:-}" = true ] || [ "${PYTEST_NO_CACHE:-}" = 1 ]; then args+=(-p no:cacheprovider); fi
# shellcheck disable=SC2206
if [ -n "${PYTEST_ARGS:-}" ]; then args+=($PYTEST_ARGS); fi

mkdir -p "$LOGS"
out="$LOGS/pytest-$kind.log"
log "pytest ${args[*]} (output also in $out)"
t0=$SECONDS
set +e
"$PY" -m pytest "${args[@]}" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e

summary="$(grep -E '(passed|failed|error|skipped|deselected|no tests ran).* in [0-9.]+s' "$out" | tail -n1 | sed 's/=//g; s/^ *//; s/ *$//')"
echo "pytest summary ($kind): ${summary:-none printed} | exit $rc | $((SECONDS - t0))s wall"
if [ "$rc" -eq 5 ]; then
  die "pytest collected no tests for '$kind' (exit 5); that is a failure, not a pass"
fi
exit "$rc"

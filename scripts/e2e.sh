#!/usr/bin/env bash
# Browser end-to-end tests: builds the site (debug), starts the real server
# on localhost with a fresh SQLite database and demo data, runs Playwright
# in the system Chromium with a phone viewport, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${SKILLPASS_E2E_PORT:-3400}
DB_FILE=$(mktemp -d)/e2e.db
LOG=target/e2e-server.log

cargo leptos build
# The first account of a deployment comes from the command line.
PROVINCE_CODE=$(SKILLPASS_DATABASE_URL="sqlite://$DB_FILE" SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" SKILLPASS_LOG=error \
  ./target/debug/skillpass create-province-account fj-admin 省厅管理员 | sed -n 's/^One-time enrolment code: \([0-9]*\).*/\1/p')
[ -n "$PROVINCE_CODE" ] || { echo "could not create the province account" >&2; exit 1; }
# A second one sets up the staff of the classes test.
CLASSES_CODE=$(SKILLPASS_DATABASE_URL="sqlite://$DB_FILE" SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" SKILLPASS_LOG=error \
  ./target/debug/skillpass create-province-account fj-classes 省厅开班测试 | sed -n 's/^One-time enrolment code: \([0-9]*\).*/\1/p')
[ -n "$CLASSES_CODE" ] || { echo "could not create the second province account" >&2; exit 1; }
# A third one sets up the staff of the subsidy test.
SUBSIDIES_CODE=$(SKILLPASS_DATABASE_URL="sqlite://$DB_FILE" SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" SKILLPASS_LOG=error \
  ./target/debug/skillpass create-province-account fj-subsidies 省厅补贴测试 | sed -n 's/^One-time enrolment code: \([0-9]*\).*/\1/p')
[ -n "$SUBSIDIES_CODE" ] || { echo "could not create the third province account" >&2; exit 1; }
SKILLPASS_LISTEN="127.0.0.1:$PORT" \
SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" \
SKILLPASS_DATABASE_URL="sqlite://$DB_FILE" \
SKILLPASS_DEMO_DATA=true \
  ./target/debug/skillpass >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$LOG"; exit 1; }

cd end2end
SKILLPASS_E2E_PORT=$PORT SKILLPASS_E2E_PROVINCE_CODE=$PROVINCE_CODE SKILLPASS_E2E_CLASSES_CODE=$CLASSES_CODE \
  SKILLPASS_E2E_SUBSIDIES_CODE=$SUBSIDIES_CODE SKILLPASS_E2E_DB=$DB_FILE npx playwright test "$@"

#!/usr/bin/env bash
# Browser end-to-end tests against the release build, the one `make run`
# serves (scripts/build-release.sh, reused when nothing changed): starts it
# on localhost with a fresh database and demo data, runs Playwright in the
# system Chromium, and stops the server. The database is an SQLite file,
# or with SKILLPASS_E2E_DATABASE=postgres a fresh PostgreSQL database on
# the server SKILLPASS_E2E_POSTGRES_URL names (an admin URL, as
# scripts/ensure-postgres.sh prints it).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${SKILLPASS_E2E_PORT:-3400}
case "${SKILLPASS_E2E_DATABASE:-sqlite}" in
  sqlite)
    # The support scripts (end2end/support/) take the file's path.
    DATABASE=$(mktemp -d)/e2e.db
    DATABASE_URL="sqlite://$DATABASE"
    ;;
  postgres)
    ADMIN_URL=${SKILLPASS_E2E_POSTGRES_URL:?"SKILLPASS_E2E_POSTGRES_URL names the PostgreSQL server"}
    PGOPTIONS="--client-min-messages=warning" psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS skillpass_e2e" >/dev/null
    psql "$ADMIN_URL" -qc "CREATE DATABASE skillpass_e2e" >/dev/null
    DATABASE="${ADMIN_URL%/*}/skillpass_e2e"
    DATABASE_URL=$DATABASE
    ;;
  *)
    echo "SKILLPASS_E2E_DATABASE must be sqlite or postgres" >&2
    exit 2
    ;;
esac
LOG=target/e2e-server.log
SERVER_BIN=./target/release/skillpass

scripts/build-release.sh

# The first accounts of a deployment come from the command line: one
# province account per spec that sets up its own staff.
province_code() { # login display-name -> one-time enrolment code
  local code
  code=$(SKILLPASS_DATABASE_URL="$DATABASE_URL" SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" SKILLPASS_LOG=error \
    "$SERVER_BIN" create-province-account "$1" "$2" | sed -n 's/^One-time enrolment code: \([0-9]*\).*/\1/p')
  [ -n "$code" ] || { echo "could not create the province account $1" >&2; exit 1; }
  echo "$code"
}
export SKILLPASS_E2E_RECOMMEND_CODE SKILLPASS_E2E_PROVINCE_CODE SKILLPASS_E2E_CLASSES_CODE SKILLPASS_E2E_SUBSIDIES_CODE SKILLPASS_E2E_SWEEP_CODE SKILLPASS_E2E_SCREEN_CODE SKILLPASS_E2E_FORMS_CODE SKILLPASS_E2E_IMPORT_CODE SKILLPASS_E2E_DEVICE_CODE SKILLPASS_E2E_ROLL_CALL_CODE SKILLPASS_E2E_HANDOFF_CODE SKILLPASS_E2E_FACE_CODE SKILLPASS_E2E_PUBLISHING_CODE SKILLPASS_E2E_ORDERS_CODE SKILLPASS_E2E_OVERSIGHT_CODE SKILLPASS_E2E_INSPECTION_CODE
SKILLPASS_E2E_PROVINCE_CODE=$(province_code fj-admin 省厅管理员)
SKILLPASS_E2E_CLASSES_CODE=$(province_code fj-classes 省厅开班测试)
SKILLPASS_E2E_SUBSIDIES_CODE=$(province_code fj-subsidies 省厅补贴测试)
SKILLPASS_E2E_SWEEP_CODE=$(province_code fj-sweep 省厅页面巡检)
SKILLPASS_E2E_SCREEN_CODE=$(province_code fj-screen 省厅投屏测试)
SKILLPASS_E2E_FORMS_CODE=$(province_code fj-forms 省厅表单测试)
SKILLPASS_E2E_IMPORT_CODE=$(province_code fj-import 省厅名单导入测试)
SKILLPASS_E2E_DEVICE_CODE=$(province_code fj-device 省厅本机密钥测试)
SKILLPASS_E2E_ROLL_CALL_CODE=$(province_code fj-roll-call 省厅随机点名测试)
SKILLPASS_E2E_HANDOFF_CODE=$(province_code fj-handoff 省厅微信跳转测试)
SKILLPASS_E2E_FACE_CODE=$(province_code fj-face 省厅人脸核验测试)
SKILLPASS_E2E_PUBLISHING_CODE=$(province_code fj-publishing 省厅目录备案测试)
SKILLPASS_E2E_ORDERS_CODE=$(province_code fj-orders 省厅培训订单测试)
SKILLPASS_E2E_RECOMMEND_CODE=$(province_code fj-recommend 省厅培训推送测试)
SKILLPASS_E2E_OVERSIGHT_CODE=$(province_code fj-oversight 省厅任务进度测试)
SKILLPASS_E2E_INSPECTION_CODE=$(province_code fj-inspection 省厅过程检查测试)

# Pushed recommendations are delivered every second, and at any hour:
# the suite runs day and night, and the quiet hours are tested with an
# injected clock in the integration tests.
# A stand-in for the face-verification provider (end2end/support/), on the
# next port, with a secret made for this run.
FACE_PORT=$((PORT + 1))
FACE_SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
python3 end2end/support/face_provider.py "$FACE_PORT" "$FACE_SECRET" &
FACE_PROVIDER=$!

SKILLPASS_LISTEN="127.0.0.1:$PORT" \
SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT" \
SKILLPASS_DATABASE_URL="$DATABASE_URL" \
SKILLPASS_DEMO_DATA=true \
SKILLPASS_FACE_PROVIDER_URL="http://127.0.0.1:$FACE_PORT" \
SKILLPASS_FACE_PROVIDER_SECRET="$FACE_SECRET" \
SKILLPASS_DELIVERY_EVERY_SECONDS=1 \
SKILLPASS_RECOMMENDATIONS_QUIET_HOURS=0-0 \
  "$SERVER_BIN" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER $FACE_PROVIDER 2>/dev/null || true; wait $SERVER $FACE_PROVIDER 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$LOG"; exit 1; }

cd end2end
SKILLPASS_E2E_PORT=$PORT SKILLPASS_E2E_DB=$DATABASE npx playwright test "$@"

#!/usr/bin/env bash
# `make bench`: figures for the release build, printed, never asserted.
#  1. Requests per second and p50/p99 latency of the catalogue page and the
#     courses API under 50 concurrent connections on loopback (wrk).
#  2. Page weight of a first visit to six pages, each as its reader sees
#     it: the HTML and every CSS/JS/WASM file it loads, with brotli.
#  3. Import (preview and confirm) and export of a 2,000-row course
#     catalogue through `skillpass catalogue`.
#  4. Passkey sign-ins, 5. QR check-ins, 6. a recommendation campaign
#     to 100,000 workers and 7. the province's progress page over 50,000
#     completed enrolments (package `bench`).
# Everything measured is target/release/skillpass, the binary `make run`
# serves; before measuring, a browser checks that its pages hydrate
# without an error. The bench package builds no server of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${SKILLPASS_BENCH_PORT:-3600}
BASE="http://127.0.0.1:$PORT"
DURATION=${SKILLPASS_BENCH_SECONDS:-10}
WORK=$(mktemp -d)

scripts/build-release.sh

export SKILLPASS_DATABASE_URL="sqlite://$WORK/bench.db" SKILLPASS_PUBLIC_ORIGIN="http://localhost:$PORT"
# A province account for the browser check of an island (it sets up a class).
SKILLPASS_E2E_SCREEN_CODE=$(SKILLPASS_LOG=error ./target/release/skillpass create-province-account fj-screen 省厅投屏测试 \
  | sed -n 's/^One-time enrolment code: \([0-9]*\).*/\1/p')
export SKILLPASS_E2E_SCREEN_CODE

SKILLPASS_LISTEN="127.0.0.1:$PORT" \
SKILLPASS_DEMO_DATA=true \
SKILLPASS_LOG=warn \
  ./target/release/skillpass >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

echo
echo "== The served build hydrates: the classroom screen's island in Chromium, no page error =="
(cd end2end && SKILLPASS_E2E_PORT=$PORT npx playwright test check-in.spec.ts --grep "release build hydrates" --reporter=line)

PAGE="/courses?city=350100"
API="/api/v1/courses?city=350100"

load() { # name path
  echo
  echo "== $1: $2, 50 connections, ${DURATION}s =="
  wrk -t2 -c50 -d"${DURATION}s" --latency "$BASE$2" >"$WORK/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  errors=$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.txt" || true)
  printf '  %s requests/s, p50 %s, p99 %s\n' "$rps" "$p50" "$p99"
  [ -z "$errors" ] || echo "  $errors"
}
curl -fsS "$BASE$PAGE" >/dev/null && curl -fsS "$BASE$API" >/dev/null
load "Courses API" "$API"
load "Catalogue page" "$PAGE"
echo
echo "(goals: API at least 5,000 requests/s, page at least 1,500 requests/s, p99 under 50 ms)"

kill $SERVER 2>/dev/null || true
wait $SERVER 2>/dev/null || true

echo
echo "== Catalogue import and export: a 2,000-row course catalogue (skillpass catalogue, release build) =="
# A filled-in 附表1 of 2,000 rows, stored once as the 2031 draft, exported
# to XLSX, and that workbook read back as the 2032 draft: once previewed
# only, once previewed and confirmed. Each figure is a whole command run
# (process start and database open included).
python3 - "$WORK/courses.csv" <<'PY'
import sys
header = '培训类型（选填）,职业（工种）名称,职业（工种）编码,是否急需紧缺工种,补贴标准,备注'
rows = [f'就业技能培训,示例工种{n},4-{n // 100:02d}-{n % 100:02d}-01,{"是" if n % 3 == 0 else "否"},"初级工 {1000 + n} 元，中级工 {1500 + n} 元；属脱贫劳动力上浮 10%",' for n in range(2000)]
open(sys.argv[1], 'w', encoding='utf-8').write('\n'.join(['附表1', '单位（盖章）：', header, *rows, '填报人：']) + '\n')
PY
catalogue() { SKILLPASS_LOG=error ./target/release/skillpass catalogue "$@" >/dev/null; }
milliseconds() { # command... -> wall time of one run in ms
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
catalogue import --city 350100 --kind course --year 2031 --confirm "$WORK/courses.csv"
export_ms=$(milliseconds catalogue export --city 350100 --kind course --year 2031 --format xlsx "$WORK/courses.xlsx")
preview_ms=$(milliseconds catalogue import --city 350100 --kind course --year 2032 "$WORK/courses.xlsx")
confirm_ms=$(milliseconds catalogue import --city 350100 --kind course --year 2032 --confirm "$WORK/courses.xlsx")
printf '  export to XLSX %s ms (%s bytes); import preview %s ms; preview and confirm %s ms\n' \
  "$export_ms" "$(stat -c %s "$WORK/courses.xlsx")" "$preview_ms" "$confirm_ms"
echo "(goals: import, preview and confirm, under 2 s; export under 1 s)"

echo
cargo bench -p bench --bench page_weight --locked 2>&1 | grep -v -E '^\s+(Compiling|Finished|Running)'
echo
cargo bench -p bench --bench sign_in --locked 2>&1 | grep -v -E '^\s+(Compiling|Finished|Running)'
echo
cargo bench -p bench --bench check_in --locked 2>&1 | grep -v -E '^\s+(Compiling|Finished|Running)'
echo
cargo bench -p bench --bench recommendations --locked 2>&1 | grep -v -E '^\s+(Compiling|Finished|Running)'
echo
cargo bench -p bench --bench oversight --locked 2>&1 | grep -v -E '^\s+(Compiling|Finished|Running)'

#!/usr/bin/env bash
# Everything `make test` runs, in order: format check, clippy (warnings are
# errors), unit tests, the integration suite and the browser end-to-end
# tests, each on SQLite and on PostgreSQL. Every step runs even when an
# earlier one failed; the last line counts every test of every suite:
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

LOG_DIR=target/test-logs
mkdir -p "$LOG_DIR"
passed=0
failed=0
broken_steps=()

step() {
  local name=$1
  shift
  printf '\n\033[1;34m== %s ==\033[0m\n' "$name"
  local log="$LOG_DIR/${name// /-}.log"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  # cargo test: "test result: ok. 12 passed; 0 failed; ..."
  p=$(grep -aoE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -aoE '; [0-9]+ failed;' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  # Playwright: "  6 passed (8.1s)" / "  1 failed"
  p=$((p + $(grep -aE '^\s+[0-9]+ passed' "$log" | grep -oE '[0-9]+' | head -n 1 | awk '{s+=$1} END {print s+0}')))
  f=$((f + $(grep -aE '^\s+[0-9]+ failed' "$log" | grep -oE '[0-9]+' | head -n 1 | awk '{s+=$1} END {print s+0}')))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1 # a step that failed outside any test (build, lint) counts as one failure
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$status" -eq 0 ] || broken_steps+=("$name")
}

step "format" cargo fmt --all -- --check
step "clippy server" cargo clippy -p server --all-targets --locked -- -D warnings
step "clippy bench" cargo clippy -p bench --all-targets --locked -- -D warnings
step "clippy app" cargo clippy -p app --features ssr --all-targets --locked -- -D warnings
step "clippy browser" cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings
step "unit" cargo test -p app --features ssr --lib --locked
step "unit server" cargo test -p server --lib --bins --locked

# Both integration runs need PostgreSQL: the schema comparison migrates
# an empty database of each kind whichever one the suite runs on.
PG_URL=$(scripts/ensure-postgres.sh)
if [ -z "$PG_URL" ]; then
  echo "no PostgreSQL server could be found or started" >&2
  failed=$((failed + 1))
  broken_steps+=("postgres")
else
  # Each test makes a schema in this database; start from an empty one.
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS skillpass_tests" >/dev/null 2>&1
  psql "$PG_URL" -qc "CREATE DATABASE skillpass_tests" >/dev/null 2>&1
fi

step "integration sqlite" env SKILLPASS_TEST_DATABASE=sqlite SKILLPASS_TEST_POSTGRES_URL="$PG_URL" \
  cargo test -p server --test api --locked
if [ -n "$PG_URL" ]; then
  step "integration postgres" env SKILLPASS_TEST_DATABASE=postgres SKILLPASS_TEST_POSTGRES_URL="$PG_URL" \
    cargo test -p server --test api --locked
fi

step "browser end-to-end" scripts/e2e.sh
if [ -n "$PG_URL" ]; then
  step "browser end-to-end postgres" env SKILLPASS_E2E_DATABASE=postgres SKILLPASS_E2E_POSTGRES_URL="$PG_URL" \
    scripts/e2e.sh
fi

echo
if [ ${#broken_steps[@]} -gt 0 ]; then
  echo "failed steps: ${broken_steps[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

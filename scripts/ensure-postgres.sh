#!/usr/bin/env bash
# Prints the admin URL of a reachable PostgreSQL server for the integration
# suite. Uses the one on 127.0.0.1:5432 (user postgres, trust auth) when it
# answers; otherwise installs PostgreSQL from Debian's packages if needed
# and starts a private throw-away cluster on port 55432. Never skips.
set -euo pipefail

say() { printf '\033[1;34m[postgres]\033[0m %s\n' "$*" >&2; }

if [ -n "${SKILLPASS_TEST_POSTGRES_URL:-}" ]; then
  echo "$SKILLPASS_TEST_POSTGRES_URL"
  exit 0
fi

if command -v psql >/dev/null 2>&1 \
  && psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'SELECT 1' >/dev/null 2>&1; then
  say "using the server on 127.0.0.1:5432"
  echo "postgres://postgres@127.0.0.1:5432/postgres"
  exit 0
fi

PORT=55432
DATA=/tmp/skillpass-pgdata
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

if psql "$URL" -Atqc 'SELECT 1' >/dev/null 2>&1; then
  say "using the private cluster on port $PORT"
  echo "$URL"
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "no PostgreSQL reachable: installing it from Debian's packages"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
fi
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

say "starting a private cluster in $DATA on port $PORT"
rm -rf "$DATA"
mkdir -p "$DATA"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
echo "$URL"

#!/usr/bin/env bash
# Installs, only when missing, every tool `make run`, `make test` and
# `make bench` need beyond what a fresh machine has (see README).
# Idempotent: a second run finishes in about a second.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130
WASM_OPT_MAJOR=116

want_browser=0
want_bench=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --bench) want_bench=1 ;;
  esac
done

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
}

apt_install pkg-config libssl-dev brotli

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes, once)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Without --locked on purpose: its lock file names a webpki-roots
  # version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_MAJOR"; then
  say "installing wasm-opt (binaryen $WASM_OPT_MAJOR, about 5 minutes, once)"
  # Debian's binaryen 108 produces WASM that breaks hydration: use crates.io.
  cargo install wasm-opt --locked
fi

if [ "$want_browser" -eq 1 ]; then
  apt_install chromium chromium-driver
  if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing browser-test packages (npm ci)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi

if [ "$want_bench" -eq 1 ]; then
  apt_install wrk
fi

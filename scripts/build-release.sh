#!/usr/bin/env bash
# The release build of `make run` and `make bench`: size-optimised WASM
# (wasm-release profile, wasm-opt), precompressed brotli/gzip assets, and
# type-erased components (--cfg erase_components), which cut the
# compressed WASM by about 14%. Dev builds leave components unerased
# (disable-erase-components in Cargo.toml) so that they share compiled
# dependencies with `cargo test` and clippy.
set -euo pipefail
cd "$(dirname "$0")/.."
RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components" cargo leptos build --release --precompress

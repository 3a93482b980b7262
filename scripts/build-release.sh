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
# cargo-leptos compresses at a lower brotli quality; the largest window and
# quality 11 save about 1% more on the WASM every worker downloads.
for file in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css target/site/*.js target/site/*.css; do
  if [ -f "$file" ]; then
    brotli --quality=11 --lgwin=24 --force --output="$file.br" "$file"
  fi
done

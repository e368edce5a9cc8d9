#!/usr/bin/env bash
# Runs the sales demo: builds the widget, then serves the demo page and the sandbox API on
# http://127.0.0.1:8080 (override with VERIFIK_DEMO_ADDR=127.0.0.1:9000). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ADDR=${VERIFIK_DEMO_ADDR:-127.0.0.1:8080}
setup_rust
setup_npm
build_dist
say "building the sandbox (release; the first build takes a few minutes)"
cargo build --release -p verifik-sandbox --manifest-path "$ROOT/Cargo.toml"
say "demo: open http://$ADDR/ (Ctrl-C to stop)"
exec "$ROOT/target/release/verifik-sandbox" --addr "$ADDR" --dist "$ROOT/dist"

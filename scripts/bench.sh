#!/usr/bin/env bash
# The benchmark (docs/performance.md), separate from the tests: installs what is missing, builds the
# release (dist/) and the release sandbox, then runs bench/bench.mjs, which prints one table:
# sizes (and twiggy's top of the wasm), load against intl-tel-input 29.5.1 unthrottled and at
# 4× CPU + slow 4G, typing latency at 4× CPU, wasm memory, and each budget with
# "holds" or "EXCEEDED". Exits 0 when the benchmark ran, whatever the verdicts.
# Extra arguments go to bench.mjs (e.g. --runs 11).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

setup_rust
setup_npm
setup_browser
setup_twiggy
# intl-tel-input is the reference page's dev dependency; an older node_modules may lack it.
if [ "$(node -p 'require("./node_modules/intl-tel-input/package.json").version' 2>/dev/null)" != 29.5.1 ]; then
  say "intl-tel-input 29.5.1: installing (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
build_dist
say "building the sandbox (release)"
cargo build --release --quiet -p verifik-sandbox
node bench/bench.mjs "$@"

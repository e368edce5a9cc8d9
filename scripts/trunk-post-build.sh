#!/bin/sh
# Trunk post-build hook.
# - Trunk names the wasm after the binary it builds (verifik-onboarding-core); hosts load
#   verifik-onboarding_bg.wasm.
# - The entry module fetches the wasm with the integrity value of this very build, so a host
#   that pins verifik-onboarding.js with SRI also pins the wasm.
# - The built demo page keeps no trace of Trunk's own <link data-trunk rel="rust"> directive.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$TRUNK_STAGING_DIR"
mv verifik-onboarding-core_bg.wasm verifik-onboarding_bg.wasm
wasm_sri=$(node "$here/sri.mjs" verifik-onboarding_bg.wasm | cut -d' ' -f1)
sed -i "s|__VERIFIK_WASM_INTEGRITY__|$wasm_sri|" verifik-onboarding.js
grep -q "$wasm_sri" verifik-onboarding.js
sed -i '/<link data-trunk rel="rust"/d' index.html

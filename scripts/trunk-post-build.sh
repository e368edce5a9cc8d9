#!/bin/sh
# Trunk post-build hook. Trunk names the wasm after the binary it builds
# (verifik-onboarding-core); hosts load verifik-onboarding_bg.wasm, and the built demo page
# keeps no trace of Trunk's own <link data-trunk rel="rust"> directive.
set -eu
cd "$TRUNK_STAGING_DIR"
mv verifik-onboarding-core_bg.wasm verifik-onboarding_bg.wasm
sed -i '/<link data-trunk rel="rust"/d' index.html

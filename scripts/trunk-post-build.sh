#!/bin/sh
# Trunk post-build hook.
# - Trunk names the wasm after the binary it builds (verifik-onboarding-core); hosts load
#   verifik-onboarding_bg.wasm.
# - Exports that nothing calls leave the wasm (scripts/strip-exports.mjs says which), and so do
#   the table entries only they could reach (scripts/drop-dead-table-entries.mjs).
# - The wasm's panic locations lose their source paths (scripts/blank-panic-paths.mjs).
# - The wasm's imports and exports get one- or two-letter names (scripts/minify-names.mjs).
# - The entry module fetches the wasm and the phone metadata table with the integrity values of
#   this very build, so a host that pins verifik-onboarding.js with SRI also pins them.
# - The entry module knows its version without the wasm, for hosts where the wasm is refused,
#   and the libphonenumber release of the phone metadata table.
# - The entry, the wasm-bindgen glue and its snippets become one minified module.
# - The built demo page keeps no trace of Trunk's own <link data-trunk rel="rust"> directive.
# - Every file a host loads gets .br and .gz siblings, which the sandbox (and any server that
#   serves precompressed files) sends when the request accepts them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$TRUNK_STAGING_DIR"
mv verifik-onboarding-core_bg.wasm verifik-onboarding_bg.wasm
# The exports of classes no code of the widget makes (wasm-streams', linked through Leptos's
# server_fn) go, and with them the code only they reach.
node "$here/strip-exports.mjs" verifik-onboarding_bg.wasm verifik-onboarding-core.js
# The table entries only those exports could reach go too (see the script); it reads the name
# section, which Trunk keeps (index.html: data-keep-debug, and no wasm-opt of Trunk's own).
# VERIFIK_KEEP_DEAD_TABLE=1 skips it, to measure what it buys.
[ -n "${VERIFIK_KEEP_DEAD_TABLE:-}" ] || node "$here/drop-dead-table-entries.mjs" verifik-onboarding_bg.wasm
# -Oz (which drops the names), then flattened and re-looped before two more -Oz rounds: 704 B
# brotli less than one more -Oz. --low-memory-unused lets the first fold constant addresses into
# load and store offsets (540 B brotli less): it holds, since Rust puts the stack's 1 MiB first
# and the data after it, so no address below 1,024 is used unless the stack has overflowed.
# The last round runs until it shrinks nothing more (--converge), then numbers each function's
# locals by use (--reorder-locals): 164 B brotli less. (--dae-optimizing and --gufa after the
# first -Oz, tried as well, made the shipped wasm 53 B larger with these two.)
"$here/../node_modules/.bin/wasm-opt" --low-memory-unused -Oz verifik-onboarding_bg.wasm -o verifik-onboarding_bg.wasm
"$here/../node_modules/.bin/wasm-opt" --flatten --rereloop -Oz -Oz --converge --reorder-locals verifik-onboarding_bg.wasm -o verifik-onboarding_bg.wasm
# The source paths of panic locations, which nothing prints, become NUL bytes (see the script).
node "$here/blank-panic-paths.mjs" verifik-onboarding_bg.wasm
# The imports and exports get short names, in the wasm and in the glue (see the script).
node "$here/minify-names.mjs" verifik-onboarding_bg.wasm verifik-onboarding-core.js
wasm_sri=$(node "$here/sri.mjs" verifik-onboarding_bg.wasm | cut -d' ' -f1)
metadata_sri=$(node "$here/sri.mjs" verifik-phone-metadata.txt | cut -d' ' -f1)
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$here/../Cargo.toml")
[ -n "$version" ]
metadata_version=$(sed -n 's/^pub const METADATA_VERSION: &str = "\(.*\)";$/\1/p' "$here/../src/countries/data.rs")
[ -n "$metadata_version" ]
sed -i "s|__VERIFIK_WASM_INTEGRITY__|$wasm_sri|; s|__VERIFIK_METADATA_INTEGRITY__|$metadata_sri|; s|__VERIFIK_VERSION__|$version|; s|__VERIFIK_METADATA_VERSION__|$metadata_version|" verifik-onboarding.js
grep -q "$wasm_sri" verifik-onboarding.js
grep -q "$metadata_sri" verifik-onboarding.js
# (`set -e` ignores a negated command, hence the if.)
if grep -q "__VERIFIK_" verifik-onboarding.js; then echo "a __VERIFIK_ placeholder is left in verifik-onboarding.js" >&2; exit 1; fi
# The glue's own default wasm URL names the file it had before the rename; bundlers that follow
# `new URL(..., import.meta.url)` (Vite, webpack) then find one wasm, not a missing one.
sed -i "s|new URL('verifik-onboarding-core_bg.wasm', import.meta.url)|new URL('verifik-onboarding_bg.wasm', import.meta.url)|" verifik-onboarding-core.js
grep -q "new URL('verifik-onboarding_bg.wasm', import.meta.url)" verifik-onboarding-core.js
sed -i '/<link data-trunk rel="rust"/d' index.html
# One module for hosts: the entry, the wasm-bindgen glue and its snippets bundled and minified
# (esbuild, a dev dependency). A host page then waits for one script before the wasm is fetched,
# not a chain of three imports (each a round trip: 560 ms on a slow 4G line).
esbuild="$here/../node_modules/.bin/esbuild"
"$esbuild" --bundle --minify --format=esm --target=es2022 --log-level=warning \
  --outfile=verifik-onboarding.bundle.js verifik-onboarding.js
mv verifik-onboarding.bundle.js verifik-onboarding.js
rm -r verifik-onboarding-core.js snippets
grep -q 'new URL("verifik-onboarding_bg.wasm",import.meta.url)' verifik-onboarding.js
# Last: the files are final only now.
node "$here/precompress.mjs" verifik-onboarding.js verifik-onboarding_bg.wasm verifik-phone-metadata.txt

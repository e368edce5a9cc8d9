# Sourced by demo.sh and test.sh: installs what the build and the tests need, skipping what is
# already there. Every step is idempotent; each prints one line saying what it did.
# Versions are the ones proven on these machines (see the README's Development section, Toolchain).

TRUNK_VERSION=0.21.14
# Only the benchmark (scripts/bench.sh) uses twiggy.
TWIGGY_VERSION=0.8.0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed. $2"
}

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_rust() {
  need_cmd cargo "Install rustup (https://rustup.rs) first."
  need_cmd rustup "Install rustup (https://rustup.rs) first."
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "wasm32-unknown-unknown target: installing"
    rustup target add wasm32-unknown-unknown
  fi
  if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "trunk $TRUNK_VERSION: installing with cargo (about 12 minutes, once)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
  local wbg
  wbg=$(wasm_bindgen_version)
  [ -n "$wbg" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
  if wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$" &&
     command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "wasm-bindgen-cli $wbg: present"
  else
    say "wasm-bindgen-cli $wbg: installing with cargo (about 4 minutes, once)"
    # Not --locked: with it, a yanked transitive crate makes the resolve fail.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
}

# The phone table's generator and the phone tests' oracle read Google libphonenumber from PyPI's
# `phonenumbers`, at the version pinned in tools/phonemeta/requirements.txt, inside a virtualenv
# tools/phonemeta makes in target/phonemeta (with the oracle corpus the native tests read). It
# needs Python 3 with venv and pip, and PyPI (or PIP_INDEX_URL).
setup_phonemeta() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "python3 and python3-venv (for tools/phonemeta): installing with apt-get"
      DEBIAN_FRONTEND=noninteractive apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv
    else
      die "tools/phonemeta needs Python 3 with venv and pip: install them (Debian: sudo apt-get install -y python3 python3-venv)"
    fi
  fi
  say "tools/phonemeta: libphonenumber from PyPI (virtualenv and oracle corpus in target/phonemeta)"
  (cd "$ROOT" && cargo run --quiet -p phonemeta -- --setup) ||
    die "tools/phonemeta could not set up phonenumbers (see above): PyPI must be reachable, or PIP_INDEX_URL name a mirror"
}

# Fuzzing needs cargo-fuzz (from crates.io) and a C++ compiler for libFuzzer. With
# `--sanitizer none` its instrumentation uses only stable rustc flags, so the machine's one
# toolchain does: new machines have no nightly, and rustup cannot fetch one.
setup_fuzz() {
  need_cmd c++ "Install a C++ compiler (Debian: sudo apt-get install -y g++); cargo-fuzz builds libFuzzer."
  if cargo fuzz --version >/dev/null 2>&1; then
    say "$(cargo fuzz --version): present"
  else
    say "cargo-fuzz: installing with cargo (about 3 minutes, once)"
    cargo install cargo-fuzz --locked ||
      die "cargo install cargo-fuzz --locked failed (crates.io must be reachable, and a C compiler present)"
  fi
}

setup_npm() {
  need_cmd node "Install Node.js 20 or newer with npm."
  need_cmd npm "Install Node.js 20 or newer with npm."
  # npm records what it installed in node_modules/.package-lock.json; reinstall when the
  # project's lock file changed since.
  if [ -f "$ROOT/node_modules/.package-lock.json" ] &&
     [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package-lock.json" ] &&
     [ -x "$ROOT/node_modules/.bin/wasm-opt" ]; then
    say "npm packages (binaryen, Playwright, axe-core): present"
  else
    say "npm packages (binaryen, Playwright, axe-core): installing"
    (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  wasm-opt --version | grep -q version_132 || die "node_modules/.bin/wasm-opt is not binaryen 132"
}

# twiggy ranks what takes room in the wasm; only scripts/bench.sh calls this. Its binary names
# itself "twiggy-opt".
setup_twiggy() {
  if twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
    say "twiggy $TWIGGY_VERSION: present"
  else
    say "twiggy $TWIGGY_VERSION: installing with cargo (a few minutes, once)"
    cargo install twiggy --locked --version "$TWIGGY_VERSION"
  fi
}

# Chromium, its driver and brotli come from Debian's packages: browsers downloaded by test
# tools cannot be fetched on these machines.
setup_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v brotli >/dev/null 2>&1 || missing+=(brotli)
  if [ ${#missing[@]} -eq 0 ]; then
    say "chromium, chromedriver, brotli: present"
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    die "missing ${missing[*]}: install them (Debian: sudo apt-get install -y ${missing[*]}); /usr/bin/chromium and /usr/bin/chromedriver are expected"
  fi
}

# Firefox ESR and WebKitGTK, for the cross-engine suite (tests/engines) and the component tests
# in Firefox: Debian's firefox-esr, webkit2gtk-driver (WebKitWebDriver and the MiniBrowser it
# drives) and xvfb (MiniBrowser needs a display), and geckodriver from crates.io. Neither
# Playwright's own Firefox and WebKit builds nor geckodriver's release binaries can be fetched here.
GECKODRIVER_VERSION=0.37.1

# The path of a WebKitGTK program (under /usr/lib/<multiarch triplet>/webkit2gtk-4.1/), or nothing.
webkit_program() {
  local found
  for found in /usr/bin/"$1" /usr/lib/*/webkit2gtk-4.1/"$1"; do
    [ -x "$found" ] && { printf '%s\n' "$found"; return 0; }
  done
  return 1
}

setup_engines() {
  local missing=()
  command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
  { webkit_program WebKitWebDriver && webkit_program MiniBrowser; } >/dev/null || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
  if [ ${#missing[@]} -eq 0 ]; then
    say "firefox-esr, webkit2gtk-driver, xvfb: present"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ||
      die "could not install ${missing[*]} with apt-get: the Firefox and WebKit tests cannot run"
    { webkit_program WebKitWebDriver && webkit_program MiniBrowser; } >/dev/null ||
      die "webkit2gtk-driver is installed but WebKitWebDriver or MiniBrowser is missing under /usr/lib/*/webkit2gtk-4.1/"
  else
    die "missing ${missing[*]}: install them (Debian: sudo apt-get install -y ${missing[*]}); the Firefox and WebKit tests need them"
  fi
  if geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION\b"; then
    say "geckodriver $GECKODRIVER_VERSION: present"
  else
    say "geckodriver $GECKODRIVER_VERSION: installing with cargo (about 2 minutes, once)"
    cargo install geckodriver --locked --version "$GECKODRIVER_VERSION" ||
      die "cargo install geckodriver --locked --version $GECKODRIVER_VERSION failed: the Firefox tests cannot run"
  fi
}

# Builds dist/ exactly as a release: the wasm, its glue, the entry module and the demo page.
# Panic locations name source files; remapping the registry's and the checkout's paths keeps
# the machine's directories out of the wasm, so the same commit builds the same bytes (and the
# same SRI hashes) wherever it is built. The v0 symbol mangling names every generic function with
# its arguments, which scripts/drop-dead-table-entries.mjs reads.
build_dist() {
  say "trunk build --release --offline"
  local registry="${CARGO_HOME:-$HOME/.cargo}/registry/src/"
  (cd "$ROOT" &&
    RUSTFLAGS="--remap-path-prefix=$registry=/crates/ --remap-path-prefix=$ROOT/=/ -C symbol-mangling-version=v0" \
      trunk build --release --offline)
}

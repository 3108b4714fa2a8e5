# Shared by scripts/run, scripts/test and scripts/bench: installs what is missing,
# idempotently, from package registries only (Debian apt, crates.io, npm).
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
CARGO_DENY_VERSION="0.20.2"
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"
# Trunk checks for its own updates on every run; nothing may go to GitHub.
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
# ensure_apt CMD PACKAGE: install PACKAGE when CMD is not on PATH.
ensure_apt() {
  local cmd="$1" pkg="$2"
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
    if [ -z "$APT_UPDATED" ]; then
      say "apt-get update"
      as_root apt-get update -qq
      APT_UPDATED=1
    fi
    say "installing $pkg (apt)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  fi
}

# PostgreSQL for the second run of the server tests. Debian's `postgresql`
# brings `pg_virtualenv` (postgresql-common), which creates a throwaway cluster
# per run: no container, no server to keep running, nothing downloaded.
ensure_postgres() {
  ensure_apt pg_virtualenv postgresql
}

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_build_tools() {
  ensure_apt brotli brotli
  ensure_apt gzip gzip
  ensure_apt node nodejs
  ensure_apt npm npm
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
    say "installing Trunk $TRUNK_VERSION (takes ~8 minutes once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  if ! cargo deny --version 2>/dev/null | grep -q "cargo-deny $CARGO_DENY_VERSION"; then
    say "installing cargo-deny $CARGO_DENY_VERSION (takes ~6 minutes once)"
    # cargo-deny has no optional features to leave out; its release profile
    # (fat LTO, one codegen unit) is overridden instead, which shortens the
    # one-off build on two cores and only makes the tool a little slower.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked cargo-deny --version "$CARGO_DENY_VERSION"
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $wbg"; then
    say "installing wasm-bindgen-cli $wbg (takes ~2 minutes once)"
    # Without --locked: its own lock file pins a crate version crates.io no longer serves.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  npm_ci tools
}

# Schemathesis (PyPI, every package pinned in tools/schemathesis/requirements.txt)
# in its own virtual environment: Debian's Python is "externally managed".
ensure_schemathesis() {
  ensure_apt python3 python3
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    ensure_apt /nonexistent/python3-venv python3-venv
  fi
  local dir="$ROOT/tools/schemathesis"
  local venv="$dir/.venv" stamp="$dir/.venv/.lotse-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/requirements.txt" "$stamp"; then
    say "installing schemathesis (PyPI, pinned)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements.txt"
    cp "$dir/requirements.txt" "$stamp"
  fi
}

# npm_ci DIR: install DIR's node packages from its lock file when they changed.
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.lotse-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing node packages in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# Builds the client with Trunk and writes .br/.gz next to each asset once, so the
# server never compresses per request.
build_client() {
  say "building the client (Trunk, release)"
  cargo fetch --locked >/dev/null
  trunk build --release --offline
  # The staff dashboard is a second app under /staff/, so participants never
  # download its code (built after the first, which empties dist/).
  trunk build client/staff.html --release --offline --dist dist/staff --public-url /staff/
  # The questionnaire is a third app (its files under /questionnaire-app/,
  # its pages /questionnaire/<id> written by the server): the page a
  # participant spends longest on carries no other page's code.
  trunk build client/questionnaire.html --release --offline --dist dist/questionnaire-app --public-url /questionnaire-app/
  local f
  for f in dist/*.html dist/*.js dist/*.wasm dist/*.css dist/*.svg dist/instruments/*.json dist/i18n/*/*.json \
    dist/pwa/*.js dist/pwa/*.webmanifest dist/pwa/*.svg \
    dist/staff/*.html dist/staff/*.js dist/staff/*.wasm dist/staff/*.css dist/staff/*.svg \
    dist/questionnaire-app/*.html dist/questionnaire-app/*.js dist/questionnaire-app/*.wasm \
    dist/questionnaire-app/*.css dist/questionnaire-app/*.svg; do
    [ -e "$f" ] || continue
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k -n "$f"
  done
}

build_server() {
  say "building the server (release, embeds the client)"
  cargo build --release --locked -p lotse-server
}

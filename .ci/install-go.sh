#!/usr/bin/env bash
# Installs Go 1.23 from Debian bookworm-backports (bookworm's own golang-go is 1.19, without log/slog).
# The backports source is derived from the machine's existing Debian entry, so no host is written here.
set -euo pipefail
GO=/usr/lib/go-1.23/bin/go
if [ -x "$GO" ]; then echo "go: $($GO version)"; exit 0; fi
SRC=/etc/apt/sources.list.d/debian.sources
BP=/etc/apt/sources.list.d/twelve-factor-backports.sources
if [ ! -f "$BP" ]; then
  if [ -f "$SRC" ]; then
    # First stanza's URIs and Signed-By, with the backports suite.
    uri=$(awk '/^URIs:/{print $2; exit}' "$SRC")
    key=$(awk '/^Signed-By:/{print $2; exit}' "$SRC")
  else
    uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
    key=/usr/share/keyrings/debian-archive-keyring.gpg
  fi
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\nSigned-By: %s\n' "$uri" "$codename" "$key" > "$BP"
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-1.23-go >/dev/null
echo "go: $($GO version)"

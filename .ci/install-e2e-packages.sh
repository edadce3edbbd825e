#!/usr/bin/env bash
# Installs the Debian packages the VS Code tests need: Chromium (driven by playwright-core), its fonts,
# and the Kerberos headers code-server's `kerberos` native module compiles against.
set -euo pipefail
PACKAGES=(chromium fonts-liberation libkrb5-dev pkg-config)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "apt: ${PACKAGES[*]} present"; exit 0; fi
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
echo "apt: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

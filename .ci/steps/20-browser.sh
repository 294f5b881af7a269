#!/usr/bin/env bash
# The browser tests' tools: Debian's headless Chromium (Playwright drives it; it never
# downloads a browser of its own), CJK fonts for the Korean pages, and axe-core from npm
# for the accessibility audit. Safe to run again: each part is skipped when present.
set -euo pipefail
cd "$(dirname "$0")/../.."

AXE_VERSION="4.14.1"
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || packages+=(fonts-noto-cjk)
command -v npm >/dev/null || packages+=(npm)
if [ "${#packages[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

installed="$(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null || true)"
if [ "$installed" != "$AXE_VERSION" ]; then
  npm install --no-save --no-package-lock --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi
test -f node_modules/axe-core/axe.min.js
/usr/bin/chromium --version

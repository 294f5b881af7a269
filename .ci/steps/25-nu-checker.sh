#!/usr/bin/env bash
# The Nu HTML checker for tests/public/test_html_validity.py: Java from Debian and
# vnu.jar from the checker's own npm release (vnu-jar, published by its maintainers),
# unpacked into .nu/ (not node_modules/, where a second `npm install` would remove
# axe-core). It runs offline. Safe to run again: each part is skipped when present.
set -euo pipefail
cd "$(dirname "$0")/../.."

VNU_VERSION="26.9.27"
packages=()
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(npm)
command -v msgfmt >/dev/null || packages+=(gettext)  # tests/kruz/test_catalogues.py
if [ "${#packages[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

installed="$(java -jar .nu/vnu.jar --version 2>/dev/null | cut -d' ' -f1 || true)"
if [ "$installed" != "$VNU_VERSION" ]; then
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "vnu-jar@$VNU_VERSION" >/dev/null)
  tar -xzf "$work/vnu-jar-$VNU_VERSION.tgz" -C "$work" package/build/dist/vnu.jar
  mkdir -p .nu
  mv "$work/package/build/dist/vnu.jar" .nu/vnu.jar
  rm -rf "$work"
fi
java -jar .nu/vnu.jar --version

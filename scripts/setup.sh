#!/usr/bin/env bash
# Installs what paiban and its tests need on a Debian/Ubuntu machine, from the distribution's packages
# when missing: Chromium (prints the PDFs; paiban itself needs nothing else of the system, its PDF readers
# and colour conversion run in WebAssembly), then what the tests use as independent witnesses:
# poppler-utils (pdftotext/pdffonts/pdftoppm), mupdf-tools (mutool: also the layout checks' faster
# reader), icc-profiles-free and ghostscript (ink coverage, colours compared with LittleCMS's); then the
# npm packages (which also compiles paiban). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ -z "${PAIBAN_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdffonts >/dev/null 2>&1; then missing+=(poppler-utils); fi
if ! command -v mutool >/dev/null 2>&1; then missing+=(mupdf-tools); fi
if [ ! -f /usr/share/color/icc/sRGB.icc ]; then missing+=(icc-profiles-free); fi
if ! command -v gs >/dev/null 2>&1 || [ ! -f /usr/share/color/icc/ghostscript/default_cmyk.icc ]; then missing+=(ghostscript libgs-common); fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "paiban setup: installing ${missing[*]} from Debian's packages"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "paiban setup: installing npm packages"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
# Compile paiban into dist/ (the package gets dist/ from `npm pack`; a clone compiles here).
npm run compile   # always: after a pull, dist/ must not be older than src/
echo "paiban setup: done ($(chromium --version 2>/dev/null || echo "Chromium at \$PAIBAN_CHROMIUM"))"

#!/usr/bin/env bash
# Installs what paiban needs on a Debian/Ubuntu machine, from the distribution's packages when missing:
# Chromium (prints the PDFs), poppler-utils (pdftotext/pdffonts/pdftoppm: proofs and tests),
# mupdf-tools (mutool: character positions for the layout checks), icc-profiles-free (the sRGB
# profile of archival PDFs), ghostscript (CMYK conversion of the print files, with the coated CMYK
# profile its libgs-common ships; ink coverage in the tests); then the npm packages (which also compiles paiban). Safe to run again.
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
# npm runs the `prepare` script (tsc) on install; compile again in case this npm skipped it.
[ -f dist/cli/main.js ] || npm run compile
echo "paiban setup: done ($(chromium --version 2>/dev/null || echo "Chromium at \$PAIBAN_CHROMIUM"))"

#!/usr/bin/env bash
# Remakes profiles/FOGRA39L_coated.icc, paiban's default press profile, the way colord makes its
# FOGRA39L_coated.icc (colord's data/profiles/FOGRA39L_coated.iccprofile.xml: the same data and colprof
# options; colord publishes the result as CC0): ArgyllCMS's colprof on Fogra's FOGRA39L characterization
# data (ISO 12647-2 offset, coated paper; the ti3 file from Debian's icc-profiles-free, zlib licence).
# Needs `sudo apt-get install argyll icc-profiles-free` (for this script only; paiban needs neither).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tr -d '\r' < /usr/share/color/icc/FOGRA39L.ti3 > "$work/profile.ti3"
(cd "$work" && colprof -nc -qm -bm -kp 0 0.3 0.94 0.94 0.48 -l300 -D "FOGRA39L Coated" \
  -C "No copyright restrictions. Made with ArgyllCMS colprof from FOGRA39L data (zlib licence)" -Oprofile.icc profile)
cp "$work/profile.icc" "$here/profiles/FOGRA39L_coated.icc"

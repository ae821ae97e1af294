#!/usr/bin/env bash
# Installs the peers `npm run bench -- --peers` compares paiban with: pandoc + XeLaTeX (xeCJK) and the
# Noto CJK fonts they set the book in. For the bench only: paiban itself needs none of this.
# Debian/Ubuntu; run as root (or with sudo). About 400 MB of TeX Live packages.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  pandoc texlive-xetex texlive-lang-chinese texlive-latex-recommended texlive-fonts-recommended lmodern fonts-noto-cjk
pandoc --version | head -1
xelatex --version | head -1

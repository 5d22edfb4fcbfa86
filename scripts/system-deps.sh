#!/usr/bin/env bash
# System libraries the project needs on Debian: Pango for WeasyPrint (the PDF engine), and
# HarfBuzz-Subset, with which the PDF embeds only the glyphs it uses (0.3 MB of fonts instead of
# 2.3 MB, written in half the time; without it the fonts are embedded whole).
# Installs them only when missing; fonts come with the project (assets/fonts/).
set -euo pipefail
missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

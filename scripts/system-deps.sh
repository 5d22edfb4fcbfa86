#!/usr/bin/env bash
# System libraries the project needs on Debian: Pango for WeasyPrint (the PDF engine).
# Installs them only when missing; fonts come with the project (assets/fonts/).
set -euo pipefail
missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

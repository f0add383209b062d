#!/usr/bin/env bash
# Installs the Debian packages Semis needs, or names them when we cannot install them.
#   scripts/system-packages.sh run    — PDF rendering (WeasyPrint: Pango, fonts), PDF to PNG
#   scripts/system-packages.sh test   — the same, plus Chromium for the browser tests
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
[ "${1:-run}" = "test" ] && packages+=(chromium)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation des paquets système manquants : ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Paquets système manquants : ${missing[*]}" >&2
  echo "Installez-les (par exemple : sudo apt-get install ${missing[*]}) puis relancez." >&2
  exit 1
fi

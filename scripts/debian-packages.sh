#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are missing. As root, it installs them
# (enabling Debian's `contrib non-free` components first when a package such as the MBROLA
# voices needs them); otherwise it says which command to run.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
nonfree=0
for p in "${missing[@]}"; do case "$p" in mbrola*) nonfree=1 ;; esac; done
if [ "$(id -u)" != 0 ]; then
  if [ $nonfree = 1 ]; then
    echo "Les voix MBROLA sont dans les composants « contrib non-free » de Debian : ajoutez-les à vos sources APT."
  fi
  echo "Installez d'abord : sudo apt-get install ${missing[*]}"
  exit 1
fi
if [ $nonfree = 1 ]; then
  # deb822 sources (Debian 12 and later), then the classic one-line format.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # « non-free-firmware » (Debian 12's default) is not « non-free ».
    if grep -q '^Components:' "$f" && ! grep -qE '^Components:.* contrib( |$).* non-free( |$)|^Components:.* non-free( |$).* contrib( |$)' "$f"; then
      echo "Activation des composants Debian « contrib non-free » (voix MBROLA) dans $f"
      sed -i -E '/^Components:/{/ contrib/!s/$/ contrib/; / non-free( |$)/!s/$/ non-free/}' "$f"
    fi
  done
  if [ -f /etc/apt/sources.list ] && grep -qE '^deb .* main' /etc/apt/sources.list \
     && ! grep -qE '^deb .* non-free( |$)' /etc/apt/sources.list; then
    echo "Activation des composants Debian « contrib non-free » (voix MBROLA) dans /etc/apt/sources.list"
    sed -i -E '/^deb .* main/{/ contrib/!s/$/ contrib/; / non-free( |$)/!s/$/ non-free/}' /etc/apt/sources.list
  fi
fi
echo "Installation des paquets Debian : ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Installs the system packages VirtualTap builds and tests with, when missing.
# Usage: scripts/install-deps.sh [build|sample|test]   (default: test)
#   build: libraries needed to compile (libpcap, zlib)
#   sample: editcap (wireshark-common), which scripts/run-sample.sh uses to date the sample flows now
#   test:  plus the independent peers the tests compare against
#          (tshark, tcpdump, nfdump, softflowd, Scapy, iproute2, tcpreplay)
set -euo pipefail
mode=${1:-test}
packages=(libpcap-dev zlib1g-dev pkg-config)
if [ "$mode" = test ]; then
  packages+=(tshark tcpdump nfdump softflowd python3-scapy iproute2 tcpreplay)
fi
# Extra packages each library section needs, one per line: scripts/deps.d/*.build.txt
# (needed to compile; installed in both modes) and scripts/deps.d/*.txt (test peers;
# installed in test mode only).
if [ "$mode" = sample ]; then packages=(wireshark-common); fi
if [ "$mode" = test ]; then pattern="*.txt"; elif [ "$mode" = build ]; then pattern="*.build.txt"; else pattern="none"; fi
for extra in "$(dirname "$0")"/deps.d/$pattern; do
  [ -f "$extra" ] || continue
  while read -r pkg; do [ -n "$pkg" ] && [ "${pkg#\#}" = "$pkg" ] && packages+=("$pkg"); done < "$extra"
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

#!/usr/bin/env bash
# pasante set-up: installs the Debian 12 packages the build needs (only those
# missing, so it is safe to run any number of times), then configures and
# builds the release preset into build/.
#
#   bash setup.sh            install what is missing and build
#   bash setup.sh --no-build only install
#
# Every dependency comes from Debian's archive; nothing is downloaded from
# anywhere else.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  g++ cmake ninja-build git pkg-config
  libboost-graph-dev      # road network, shortest paths
  libtbb-dev              # parallel phases and sweeps
  libeigen3-dev           # statistics, calibration
  libyaml-cpp-dev         # scenarios
  libgtest-dev libgmock-dev  # tests
  libbenchmark-dev        # bench/
  librandom123-dev        # counter-based random streams (Philox)
  libcli11-dev            # command line
  libsqlite3-dev          # sweep results
  nlohmann-json3-dev      # manifest.json
  libssl-dev              # SHA-256 of scenarios and outputs
  libpng-dev chromium     # tests: report.html checked in headless Chromium, screenshot decoded
  libopenmpi-dev openmpi-bin  # distributed sweeps over MPI processes (optional: the build skips them without)
  time                    # bench/run: peak memory (/usr/bin/time)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  # env: sudo drops the caller's environment. The lock timeout waits out the
  # unattended upgrades a fresh machine often runs at boot.
  apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all build dependencies present"
fi

[ "${1:-}" = "--no-build" ] && exit 0

jobs=$(nproc 2>/dev/null || echo 2)
# A build/ configured elsewhere (another checkout's path, another generator)
# cannot be reused: configure it afresh rather than fail.
fresh=()
if [ -f build/CMakeCache.txt ]; then
  cached_home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' build/CMakeCache.txt)
  cached_generator=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' build/CMakeCache.txt)
  if [ "$cached_home" != "$(pwd -P)" ] || [ "$cached_generator" != "Ninja" ]; then
    echo "setup: build/ was configured for ${cached_home:-?} with ${cached_generator:-?}: configuring it afresh"
    fresh=(--fresh)
  fi
fi
# Quiet, but for pasante's own lines (whether distributed sweeps are built).
cmake "${fresh[@]}" --preset release | { grep -E '^-- pasante:' || true; }
cmake --build --preset release -j "$jobs"
echo "setup: built build/pasante"

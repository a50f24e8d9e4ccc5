#!/usr/bin/env bash
# Regenerates scenarios/baseline_summary.csv, the drift guard checked by
# tests/baseline/baseline_summary_test.cpp: builds pasante if needed, runs the
# embedded default baseline (365 days) with seed 1, copies its summary.csv
# over the checked-in file and shows what changed.
#
# Usage: tests/update_baseline.sh [build-dir]   (default: build)
# Run it after an intended change to the model, then commit the new file
# together with the change.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
target="$root/scenarios/baseline_summary.csv"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  echo "update_baseline: configuring $build" >&2
  if [[ "$build" == "$root/build" ]]; then
    (cd "$root" && cmake --preset release) >&2
  else
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  fi
fi
echo "update_baseline: building pasante in $build" >&2
cmake --build "$build" --target pasante -j "$(nproc 2>/dev/null || echo 2)" >&2

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pasante_baseline.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
"$build/pasante" run --seed 1 --quiet --out "$tmp/run"

if [[ -f "$target" ]] && cmp -s "$tmp/run/summary.csv" "$target"; then
  echo "update_baseline: scenarios/baseline_summary.csv is already up to date"
  exit 0
fi
if [[ -f "$target" ]]; then
  echo "update_baseline: changes to scenarios/baseline_summary.csv (- old, + new):"
  diff -u --label old --label new "$target" "$tmp/run/summary.csv" || true
else
  echo "update_baseline: creating scenarios/baseline_summary.csv"
fi
cp "$tmp/run/summary.csv" "$target"
echo "update_baseline: wrote $target"

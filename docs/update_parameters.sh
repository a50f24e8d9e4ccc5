#!/usr/bin/env bash
# Rewrites the generated "Parameters" appendix of docs/ODD.md: everything
# between the lines
#   <!-- BEGIN GENERATED PARAMETERS -->
#   <!-- END GENERATED PARAMETERS -->
# is replaced by the output of `pasante params --markdown`. Run it after any
# change to a parameter's declaration (sim/scenario/model_parameters.cpp) and
# a fresh build; tests/docs/odd_parameters_test.cpp fails until you do.
#
# Usage: docs/update_parameters.sh [--check] [--binary PATH] [--doc PATH]
#   --check        change nothing; exit 1 if the appendix is out of date
#   --binary PATH  the pasante binary (default: $PASANTE_BINARY, else build/pasante)
#   --doc PATH     the document to rewrite (default: docs/ODD.md)
# Needs only bash, awk, cmp and the built binary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${PASANTE_BINARY:-$root/build/pasante}"
doc="$root/docs/ODD.md"
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --binary) binary="${2:?--binary needs a path}"; shift ;;
    --doc) doc="${2:?--doc needs a path}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "update_parameters.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

begin='<!-- BEGIN GENERATED PARAMETERS -->'
end='<!-- END GENERATED PARAMETERS -->'

if [ ! -x "$binary" ]; then
  echo "update_parameters.sh: no pasante binary at $binary (build it: cmake --build build)" >&2
  exit 2
fi
if [ ! -f "$doc" ]; then
  echo "update_parameters.sh: no document at $doc" >&2
  exit 2
fi
# Exactly one BEGIN line followed by exactly one END line.
markers="$(awk -v b="$begin" -v e="$end" '$0 == b { printf "B" } $0 == e { printf "E" }' "$doc")"
if [ "$markers" != "BE" ]; then
  echo "update_parameters.sh: $doc must hold the line '$begin' once, followed by the line '$end' once" >&2
  exit 2
fi

generated="$(mktemp)"
rewritten="$(mktemp)"
trap 'rm -f "$generated" "$rewritten"' EXIT
"$binary" params --markdown >"$generated"

# Copy the document, replacing the lines between the markers by the generated
# text (read with getline, so backslashes in it are kept as they are).
awk -v b="$begin" -v e="$end" -v generated="$generated" '
  $0 == b { print; while ((getline line < generated) > 0) print line; skipping = 1; next }
  $0 == e { skipping = 0 }
  !skipping { print }
' "$doc" >"$rewritten"

if cmp -s "$doc" "$rewritten"; then
  [ "$check" -eq 1 ] && echo "update_parameters.sh: $doc is up to date"
  exit 0
fi
if [ "$check" -eq 1 ]; then
  echo "update_parameters.sh: the Parameters appendix of $doc is out of date; run docs/update_parameters.sh" >&2
  exit 1
fi
cat "$rewritten" >"$doc"  # in place: keeps the file's mode and links
echo "update_parameters.sh: rewrote the Parameters appendix of $doc"

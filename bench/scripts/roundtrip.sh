#!/usr/bin/env bash
# frob's stop-and-wait T1/T2 round trips beside the least a terminal can do (bench/native/ideal.c),
# alternated in one run so both see the same host noise. Usage: bench/scripts/roundtrip.sh [ROUNDS] [N]
# Prints each run's rate and, at the end, the median of each and frob's ratio to the ideal.
# BEFORE=ROOT also runs ROOT/bin/frob (another work tree, built) in each round, for before/after.
set -euo pipefail
ROOT=$(CDPATH= cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
ROUNDS=${1:-5}
N=${2:-100000}
OUT="$ROOT/bench/target/native"
mkdir -p "$OUT"
gcc -O2 -o "$OUT/driver" "$ROOT/bench/native/driver.c"
gcc -O2 -o "$OUT/ideal" "$ROOT/bench/native/ideal.c"
rate() { "$OUT/driver" -q -m pingpong -w "$1" -n "$N" -- "${@:2}" | sed 's/.*rt_per_s=\([0-9.]*\).*/\1/'; }
BEFORE=${BEFORE:-}
ideal=() frob=() before=()
for i in $(seq "$ROUNDS"); do
  ideal+=("$(rate 20000 "$OUT/ideal")")
  [ -z "$BEFORE" ] || before+=("$(rate 30000 "$BEFORE/bin/frob" -q)")
  frob+=("$(rate 30000 "$ROOT/bin/frob" -q)")
  echo "round $i: ideal ${ideal[-1]}/s${BEFORE:+ before ${before[-1]}/s} frob ${frob[-1]}/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mi=$(median "${ideal[@]}") mf=$(median "${frob[@]}")
awk -v i="$mi" -v f="$mf" 'BEGIN {printf "median: ideal %d/s, frob %d/s, frob/ideal %.2f\n", i, f, f / i}'
[ -z "$BEFORE" ] || awk -v i="$mi" -v b="$(median "${before[@]}")" 'BEGIN {printf "median before: %d/s, before/ideal %.2f\n", b, b / i}'

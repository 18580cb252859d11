#!/usr/bin/env bash
# Compile cost of #[derive(MigrationContract)] in instructions, not seconds.
#
# Generates the crates of scripts/bench-compile.sh (N components, default 300), then
# counts with `valgrind --tool=callgrind` the instructions rustc executes for one
# incremental rebuild of each (after a `touch`, as bench-compile.sh times it). Unlike
# wall time, which moves 10-20% between runs on a shared VM, the count repeats to about
# 0.01% whatever else the machine does: use it to compare two versions of the derive
# (run the script from each checkout). Takes about a minute for 300 components.
#
# Usage: scripts/count-compile-instructions.sh [N]
# Prints: instructions of the contracts, serde and plain crates, and the ratios.
set -euo pipefail
N=${1:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }

WORK=$(cd "$ROOT" && SIZE=0 KEEP_WORK=1 scripts/bench-compile.sh "$N" 1 | sed -n 's/^keeping //p')
[ -n "$WORK" ] || { echo "bench-compile.sh did not keep its crates" >&2; exit 1; }
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

count() { # kind -> instructions of one incremental rebuild
  local kind=$1 cmd out
  touch "$kind/src/lib.rs"
  # The rustc command line cargo runs for the crate (the build also warms the cache).
  cmd=$(cargo build -v -p "gen-$kind" 2>&1 | sed -n 's/^ *Running `\(.*\)`$/\1/p' | tail -1)
  [ -n "$cmd" ] || { echo "no rustc command for $kind" >&2; exit 1; }
  touch "$kind/src/lib.rs"
  out="$WORK/callgrind.$kind"
  eval "valgrind --tool=callgrind --callgrind-out-file=$out $cmd" >/dev/null 2>&1
  sed -n 's/^summary: //p' "$out"
}

contracts=$(count contracts)
serde=$(count serde)
plain=$(count plain)
printf '%s components, instructions of one incremental rebuild (callgrind)\n' "$N"
printf '  plain structs                  %15s\n' "$plain"
printf '  #[derive(Serialize)]           %15s\n' "$serde"
printf '  #[derive(MigrationContract)]   %15s\n' "$contracts"
awk -v c="$contracts" -v s="$serde" -v p="$plain" -v n="$N" 'BEGIN {
  printf "  contracts / serde ratio        %15.2f\n", c / s;
  printf "  extra over plain per component: contracts %.0f, serde %.0f\n", (c - p) / n, (s - p) / n;
}'

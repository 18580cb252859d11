#!/usr/bin/env bash
# Compile cost of #[derive(MigrationContract)].
#
# Generates three crates with N components each (default 1000) in a temp dir:
#   contracts: #[derive(MigrationContract)] with 3 required methods, 3 dependencies,
#              2 consumers per component
#   serde:     #[derive(serde::Serialize)] instead
#   plain:     no derive
# All three have the same methods. Dependencies are built first (warm cache), then each
# crate is rebuilt RUNS times (default 3) from a touched source; the median wall time of
# each is printed, with the ratios, and the median CPU time (user + sys of cargo and
# rustc), which another build running on the machine disturbs less than wall time.
#
# The rebuild is incremental (the debug default), as in a developer's edit-compile loop;
# `CARGO_INCREMENTAL=0 scripts/bench-compile.sh` measures full rebuilds of the crate, as
# on CI.
#
# Then, unless SIZE=0: the release binary size added per contract, from a binary that
# calls `validate_all()` with the N contracts linked against one with none (stripped).
#
# Usage: scripts/bench-compile.sh [N] [RUNS]    (KEEP_WORK=1 keeps the generated crates)
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
# Each component depends on the next three and is consumed by the two after those, so
# fewer than 6 would make a component depend on itself (a compile error, not a cost).
[ "$N" -ge 6 ] || { echo "N must be at least 6 (got $N)" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/contracts-bench-compile.XXXXXX")
if [ -n "${KEEP_WORK:-}" ]; then echo "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

cat > "$WORK/Cargo.toml" <<TOML
[workspace]
members = ["contracts", "serde", "plain", "bin-contracts", "bin-empty"]
resolver = "2"

[workspace.dependencies]
contracts-core = { path = "$ROOT/contracts-core" }
serde = { version = "1", features = ["derive"] }
TOML

generate() { # kind
  local kind=$1 dir="$WORK/$1"
  mkdir -p "$dir/src"
  local deps=""
  case $kind in
    contracts) deps='contracts-core = { workspace = true }' ;;
    serde) deps='serde = { workspace = true }' ;;
  esac
  printf '[package]\nname = "gen-%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' "$kind" "$deps" > "$dir/Cargo.toml"
  python3 - "$kind" "$N" > "$dir/src/lib.rs" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
print("#![allow(dead_code)]")
if kind == "contracts":
    print("use contracts_core::MigrationContract;")
for i in range(n):
    if kind == "contracts":
        d = [(i + k) % n for k in (1, 2, 3)]
        c = [(i + k) % n for k in (4, 5)]
        print("#[derive(MigrationContract)]")
        print(f'#[contract(name = "component-{i}", risk = "high", '
              f'requires(fn m0(&self) -> usize, fn m1(&self, x: u32) -> u32, async fn m2(&self) -> bool), '
              f'depends_on(C{d[0]}, C{d[1]}, optional(C{d[2]})), '
              f'consumers(C{c[0]} = [m0, m1], C{c[1]}))]')
    elif kind == "serde":
        print("#[derive(serde::Serialize)]")
    print(f"pub struct C{i} {{ a: u32, b: String }}")
    print(f"impl C{i} {{ pub fn m0(&self) -> usize {{ self.b.len() }} "
          f"pub fn m1(&self, x: u32) -> u32 {{ x + self.a }} "
          f"pub async fn m2(&self) -> bool {{ self.a > 0 }} }}")
PY
}

for kind in contracts serde plain; do generate "$kind"; done
# Binaries for the size figure: the N contracts linked, and none.
for bin in contracts empty; do
  mkdir -p "$WORK/bin-$bin/src"
  deps='contracts-core = { workspace = true }'
  [ "$bin" = contracts ] && deps="$deps"$'\n''gen-contracts = { path = "../contracts" }'
  printf '[package]\nname = "bin-%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' "$bin" "$deps" > "$WORK/bin-$bin/Cargo.toml"
  {
    [ "$bin" = contracts ] && echo 'use gen_contracts as _;'
    echo 'fn main() { println!("{}", contracts_core::validate_all().checked()); }'
  } > "$WORK/bin-$bin/src/main.rs"
done
cd "$WORK"
export CARGO_TARGET_DIR="$WORK/target"
echo "building dependencies (warm cache) ..."
cargo build -q -p gen-plain
cargo build -q -p gen-serde 2>/dev/null || true
cargo build -q -p gen-contracts 2>/dev/null || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # kind -> "median-wall median-cpu" seconds
  local kind=$1
  for _ in $(seq "$RUNS"); do
    touch "$kind/src/lib.rs"
    local start end cpu
    start=$(date +%s.%N)
    cpu=$( { /usr/bin/time -f '%U %S' cargo build -q -p "gen-$kind"; } 2>&1 | tail -1 | awk '{print $1 + $2}')
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $cpu"
  done > "$WORK/times-$kind"
  echo "$(cut -d' ' -f1 "$WORK/times-$kind" | median) $(cut -d' ' -f2 "$WORK/times-$kind" | median)"
}

read -r plain plain_cpu <<<"$(measure plain)"
read -r serde serde_cpu <<<"$(measure serde)"
read -r contracts contracts_cpu <<<"$(measure contracts)"
printf '\n%d components, median of %d rebuilds (debug profile, CARGO_INCREMENTAL=%s), %s\n' \
  "$N" "$RUNS" "${CARGO_INCREMENTAL:-default}" "$(date -u +%Y-%m-%d)"
printf '                                 wall      cpu\n'
printf '  plain structs                %6.2f s %6.2f s\n' "$plain" "$plain_cpu"
printf '  #[derive(Serialize)]         %6.2f s %6.2f s\n' "$serde" "$serde_cpu"
printf '  #[derive(MigrationContract)] %6.2f s %6.2f s\n' "$contracts" "$contracts_cpu"
printf '  contracts / serde ratio      %6.2f   %6.2f\n' \
  "$(echo "$contracts / $serde" | bc -l)" "$(echo "$contracts_cpu / $serde_cpu" | bc -l)"
printf '  contracts extra over plain   %6.2f s %6.2f s (%.2f ms per component, wall)\n' \
  "$(echo "$contracts - $plain" | bc -l)" "$(echo "$contracts_cpu - $plain_cpu" | bc -l)" \
  "$(echo "($contracts - $plain) * 1000 / $N" | bc -l)"

if [ "${SIZE:-1}" != 0 ]; then
  export CARGO_PROFILE_RELEASE_STRIP=symbols
  cargo build -q --release -p bin-contracts -p bin-empty
  linked=$("$CARGO_TARGET_DIR/release/bin-contracts")
  with=$(stat -c %s "$CARGO_TARGET_DIR/release/bin-contracts")
  without=$(stat -c %s "$CARGO_TARGET_DIR/release/bin-empty")
  printf '\nrelease binary (stripped): %d bytes with %d contracts registered, %d with none\n' \
    "$with" "$linked" "$without"
  printf '  bytes added per contract     %d\n' "$(( (with - without) / (linked > 0 ? linked : 1) ))"
fi

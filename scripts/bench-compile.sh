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
# each is printed, with the ratios.
#
# Usage: scripts/bench-compile.sh [N] [RUNS]
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/contracts-bench-compile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/Cargo.toml" <<TOML
[workspace]
members = ["contracts", "serde", "plain"]
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
cd "$WORK"
export CARGO_TARGET_DIR="$WORK/target"
echo "building dependencies (warm cache) ..."
cargo build -q -p gen-plain
cargo build -q -p gen-serde 2>/dev/null || true
cargo build -q -p gen-contracts 2>/dev/null || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # kind -> median seconds
  local kind=$1
  for _ in $(seq "$RUNS"); do
    touch "$kind/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    cargo build -q -p "gen-$kind"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done | median
}

plain=$(measure plain)
serde=$(measure serde)
contracts=$(measure contracts)
printf '\n%d components, median of %d rebuilds (debug profile), %s\n' "$N" "$RUNS" "$(date -u +%Y-%m-%d)"
printf '  plain structs              %6.2f s\n' "$plain"
printf '  #[derive(Serialize)]       %6.2f s\n' "$serde"
printf '  #[derive(MigrationContract)] %6.2f s\n' "$contracts"
printf '  contracts / serde ratio    %6.2f\n' "$(echo "$contracts / $serde" | bc -l)"
printf '  contracts extra over plain %6.2f s (%.2f ms per component)\n' \
  "$(echo "$contracts - $plain" | bc -l)" "$(echo "($contracts - $plain) * 1000 / $N" | bc -l)"

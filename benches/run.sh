#!/usr/bin/env bash
# Re-run the headline measurements of docs/benchmarks.md and print them as a
# Markdown table: wall time, peak memory and the plan's gap, per command.
#
#   bash benches/run.sh            # CLI runs only (about 2 minutes)
#   bash benches/run.sh --criterion  # also every criterion bench (cargo bench)
#
# Needs GNU time (/usr/bin/time). Outputs go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/staffplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A 1 000 000-row batch for `erlang --batch`.
awk 'BEGIN { srand(7); print "volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage";
  for (i = 0; i < 1000000; i++) printf "%d,1800,%d,0.8,20,0.3\n", 1 + int(rand() * 1000), 120 + int(rand() * 480) }' > "$tmp/batch.csv"

echo "| command | wall | CPU | peak memory | plan gap to the LP bound |"
echo "|---|---|---|---|---|"
# run NAME COMMAND...: time one run; outputs (if any) go to $tmp/NAME.
run() {
  local name=$1; shift
  local shown="staffplan ${*:2}"
  shown=${shown//$tmp\//}
  if ! /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$@" > /dev/null 2> "$tmp/err"; then
    echo "| \`$shown\` | failed: $(tail -1 "$tmp/err") | | | |"
    return
  fi
  read -r wall rss user sys < "$tmp/time"
  local gap
  gap=$(grep -o '"gap": [0-9.e-]*' "$tmp/$name/summary.json" 2> /dev/null | head -1 |
    awk '{ printf "%.2f %%", $2 * 100 }' || true)
  printf '| `%s` | %.1f s | %.1f s | %d MB | %s |\n' "$shown" "$wall" "$(awk "BEGIN { print $user + $sys }")" \
    $((rss / 1024)) "${gap:-—}"
}
run batch    $bin erlang --batch "$tmp/batch.csv" -o "$tmp/batch.out.csv"
# The same on one thread (the SPEC's "a million rows a second on one core").
RAYON_NUM_THREADS=1 run batch1 $bin erlang --batch "$tmp/batch.csv" -o "$tmp/batch1.out.csv"
run staff    $bin staff scenarios/karachi-247.yaml -o "$tmp/staff"
run karachi  $bin plan scenarios/karachi-247.yaml -o "$tmp/karachi"
run dst      $bin plan scenarios/dst-spring-2026.yaml -o "$tmp/dst"
run large    $bin plan scenarios/large-4w-3pool.yaml -o "$tmp/large"
run simulate $bin simulate scenarios/karachi-247.yaml -o "$tmp/simulate"
run compare  $bin compare scenarios/karachi-247.yaml -o "$tmp/compare"
run quote    $bin quote scenarios/quote-dubai-bank.yaml

if [ "${1:-}" = "--criterion" ]; then
  cargo bench
fi

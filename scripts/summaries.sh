#!/usr/bin/env bash
# Writes summary.json of every example (examples/*.yaml, examples/papers/*.yaml) with the in-memory
# runner (`report --in-memory`, the same stage code as the Flink job) under OUT/<name>/, and with
# --flink also `run` on Flink+Kafka for the tiny examples under OUT/flink-<name>/.
# Compare two such folders with: scripts/summaries.sh --diff A B
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--diff" ]; then
  rc=0
  for f in "$2"/*/summary.json; do
    n="$(basename "$(dirname "$f")")"
    if cmp -s "$f" "$3/$n/summary.json"; then echo "identical $n"; else echo "DIFFERENT $n"; rc=1; fi
  done
  exit $rc
fi
out="$1"; shift
mkdir -p "$out"
for spec in "$here"/examples/*.yaml "$here"/examples/papers/*.yaml; do
  n="$(basename "$spec" .yaml)"
  "$here/asyncrl" report "$spec" --in-memory --out "$out/$n" >/dev/null
  echo "$n $(sha256sum "$out/$n/summary.json" | cut -c1-16)"
done
if [ "${1:-}" = "--flink" ]; then
  for spec in "$here"/examples/tiny-*.yaml; do
    n="flink-$(basename "$spec" .yaml)"
    "$here/asyncrl" run "$spec" --out "$out/$n" >/dev/null 2>&1
    echo "$n $(sha256sum "$out/$n/summary.json" | cut -c1-16)"
  done
fi

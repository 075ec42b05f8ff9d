#!/usr/bin/env bash
# Peak memory of `siteerror serve` (release, default flags but --quiet) under wrk -c64: the fixed
# pages /417 and /cheat-sheet, then 2,000 distinct comparison pairs, each made on request, kept
# in the bounded cache and asked for again. Prints the RSS after start, the peak RSS of the run
# (VmHWM) and the RSS at the end, and the requests per second of each phase.
#
#   bench/memory-under-load.sh [SECONDS_PER_PHASE]
#
# Needs wrk, curl, python3. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
port=18495
out=bench/out/memory
rm -rf "$out"; mkdir -p "$out"

cargo build --release -q -p siteerror
target/release/siteerror serve --addr 127.0.0.1:$port --quiet 2>"$out/siteerror.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
rss_start=$(status VmRSS)

# 2,000 distinct pairs of codes, in a fixed order, as a wrk script that cycles through them.
curl -sf -H 'Accept: application/json' "http://127.0.0.1:$port/api/v1/codes" >"$out/codes.json"
python3 - "$out/codes.json" "$out/pairs.lua" <<'PY'
import itertools, json, random, sys
keys = [c["key"] for c in json.load(open(sys.argv[1]))]
pairs = list(itertools.combinations(keys, 2))
random.Random(7).shuffle(pairs)
paths = [f"/compare/{a}-vs-{b}" for a, b in pairs[:2000]]
assert len(paths) == 2000, len(paths)
with open(sys.argv[2], "w") as f:
    f.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
    f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n"
            "  return wrk.format(nil, paths[i])\nend\n")
PY

accept='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
phase() { # NAME, wrk arguments...
  local name=$1; shift
  wrk -t1 -c64 -d"${secs}s" -H "Accept: $accept" -H 'Accept-Encoding: gzip, br' "$@" >"$out/$name.txt"
  printf '%-12s %10s req/s   non-2xx: %s   RSS after: %s kB, peak so far: %s kB\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")" \
    "$(awk '/Non-2xx/ {print $5}' "$out/$name.txt" | grep . || echo 0)" "$(status VmRSS)" "$(status VmHWM)"
}
phase /417 "http://127.0.0.1:$port/417"
phase /cheat-sheet "http://127.0.0.1:$port/cheat-sheet"
phase pairs -s "$out/pairs.lua" "http://127.0.0.1:$port"
echo "RSS: ${rss_start} kB after start, peak $(status VmHWM) kB during the run (VmHWM), $(status VmRSS) kB at the end"
echo "wrk -t1 -c64 -d${secs}s per phase; 2,000 distinct comparison pairs; $(nproc) cores; $(date -u +%F)"

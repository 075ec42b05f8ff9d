#!/usr/bin/env bash
# Soak: `siteerror serve` (release, default limits) under thousands of hostile connections held
# open at once (slowloris heads, silent connections, unfinished 15 KiB heads, and one address
# opening more than the per-client cap; see bench/soak_attack.py) while wrk loads the cached
# page /417 and /healthz. Prints wrk's p99 latency for both without and during the attack, the
# attack's counts, and the server's RSS before the attack, its peak during it (VmHWM, reset when
# the attack starts) and its RSS 5 s and 30 s after the attack has gone, and after 5 s more of
# ordinary traffic. Run as root for the VmHWM reset.
#
#   bench/soak.sh [ATTACK_SECONDS] [SLOW] [IDLE] [BIG] [GREEDY] [KEPT] [KEPT_PAGE]
#   SITEERROR_BIN=path/to/siteerror bench/soak.sh   # another build
#
# Defaults: 45 s; 2000 slow, 2000 idle, 2000 big, 600 greedy, and none of the kept kinds:
# connections that make one request and then stay open and silent until the idle timeout,
# served by hyper (KEPT: /healthz) or by the direct path (KEPT_PAGE: /417). For the worst
# case of memory, `bench/soak.sh 45 0 0 0 0 10000` fills the connection cap with the first.
# Needs wrk, python3, curl.
# Loopback only (the attack uses source addresses in 127.0.0.0/8); bounded in count and time.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-45}
slow=${2:-2000}
idle=${3:-2000}
big=${4:-2000}
greedy=${5:-600}
kept=${6:-0}
kept_page=${7:-0}
port=18493
out=bench/out/soak
rm -rf "$out"; mkdir -p "$out"

# SITEERROR_BIN runs another build (an older one, to compare); by default, this tree's release build.
bin=${SITEERROR_BIN:-}
if [[ -z "$bin" ]]; then
  cargo build --release -q -p siteerror
  bin="${CARGO_TARGET_DIR:-target}/release/siteerror"
fi
ulimit -n "$(ulimit -Hn)"
"$bin" serve --addr 127.0.0.1:$port --quiet 2>"$out/siteerror.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
p99() { awk '/^ +99%/ {print $2}' "$1"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
load() { # NAME SECONDS: wrk on /417 and /healthz at once, 16 connections each
  wrk -t1 -c16 -d"$2s" --latency "http://127.0.0.1:$port/417" >"$out/$1-417.txt" &
  local a=$!
  wrk -t1 -c16 -d"$2s" --latency "http://127.0.0.1:$port/healthz" >"$out/$1-healthz.txt" &
  local b=$!
  wait $a $b
}

load quiet 10
rss_start=$(status VmRSS)
# From here VmHWM is the attack's peak, not start-up's (Linux: 5 resets the peak RSS).
echo 5 >"/proc/$pid/clear_refs"

python3 bench/soak_attack.py --port $port --seconds "$secs" --slow "$slow" --idle "$idle" \
  --big "$big" --greedy "$greedy" --kept "$kept" --kept-page "$kept_page" >"$out/attack.txt" &
attack=$!
: >"$out/rss.txt"
( while kill -0 $attack 2>/dev/null; do status VmRSS >>"$out/rss.txt"; sleep 0.5; done ) &
sampler=$!
# Load after the ramp, while the attack holds its connections.
sleep 10
open_during=$(ls "/proc/$pid/fd" | wc -l)
load attack 20
wait $attack
wait $sampler || true
hwm=$(status VmHWM)
peak_sampled=$(sort -n "$out/rss.txt" | tail -1)
sleep 5
rss_after=$(status VmRSS)
open_after=$(ls "/proc/$pid/fd" | wc -l)
sleep 25
rss_later=$(status VmRSS)
# An allocator may give memory back only when it next works: 5 s of ordinary traffic.
wrk -t1 -c16 -d5s "http://127.0.0.1:$port/417" >/dev/null
rss_traffic=$(status VmRSS)
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && alive=yes || alive=NO

printf '%-22s %12s %12s %12s %12s\n' phase '/417 p99' '/417 req/s' '/healthz p99' '/healthz req/s'
for phase in quiet attack; do
  printf '%-22s %12s %12s %12s %12s\n' "$phase" "$(p99 "$out/$phase-417.txt")" "$(rps "$out/$phase-417.txt")" \
    "$(p99 "$out/$phase-healthz.txt")" "$(rps "$out/$phase-healthz.txt")"
done
cat "$out/attack.txt"
echo "server open files: $open_during during the attack, $open_after 5 s after"
echo "server RSS: ${rss_start} kB before the attack, peak ${hwm} kB during it (VmHWM, reset before it; sampled every 0.5 s: ${peak_sampled} kB), ${rss_after} kB 5 s and ${rss_later} kB 30 s after it, ${rss_traffic} kB after 5 s more of wrk on /417; /healthz after: $alive"
echo "attack ${secs}s: $slow slow + $idle idle + $big big-head + $kept kept (hyper) + $kept_page kept (direct) + $greedy greedy connections; wrk -t1 -c16 on each path for 20 s; $(nproc) cores; $(date -u +%F)"

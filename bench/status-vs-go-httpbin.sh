#!/usr/bin/env bash
# Loads /status/200 and /status/404 with wrk against `siteerror serve` and against go-httpbin
# 2.13.4 (the peer issue 13 sets the goal against: siteerror at 2x its requests per second), each
# server pinned to core 0 with one thread of work (go-httpbin: GOMAXPROCS=1; siteerror: on one
# core it runs tokio's current-thread runtime) and wrk to core 1. Rounds alternate between the
# two servers; the medians are printed: requests per second, the server's CPU time per request
# (from /proc/PID/stat, steadier than throughput on a shared machine) and wrk's p99 latency.
#
#   bench/status-vs-go-httpbin.sh [SECONDS] [CONNECTIONS...]     (defaults: 8 64 32)
#   ROUNDS=5 bench/status-vs-go-httpbin.sh 8 64
#   SITEERROR_BIN=path/to/siteerror bench/status-vs-go-httpbin.sh   # another build
#
# go-httpbin: GO_HTTPBIN=path, default bench/out/go-httpbin/go-httpbin (build it from the
# go-httpbin-2.13.4 source with `go build ./cmd/go-httpbin`; it uses only Go's standard library).
# It logs every request and has no switch to stop, so its log goes to /dev/null; siteerror runs
# with --quiet, which turns its access log off.
# Needs: wrk, curl, taskset, bc. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
shift || true
conns_list=("$@")
[ ${#conns_list[@]} -gt 0 ] || conns_list=(64 32)
rounds=${ROUNDS:-3}
gh_bin=${GO_HTTPBIN:-bench/out/go-httpbin/go-httpbin}
port_se=18510
port_gh=18511
out=bench/out/status-go
rm -rf "$out"; mkdir -p "$out"

[ -x "$gh_bin" ] || { echo "no go-httpbin at $gh_bin (set GO_HTTPBIN)" >&2; exit 1; }
# SITEERROR_BIN runs another build; by default, this tree's release build.
bin=${SITEERROR_BIN:-}
if [[ -z "$bin" ]]; then
  cargo build --release -q -p siteerror
  bin="${CARGO_TARGET_DIR:-target}/release/siteerror"
  built="this tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates Cargo.toml Cargo.lock || echo ', modified')"
else
  built=$bin
fi
taskset -c 0 "$bin" serve --addr 127.0.0.1:$port_se --playground-rate 0 --quiet 2>"$out/siteerror.log" &
se_pid=$!
GOMAXPROCS=1 taskset -c 0 "$gh_bin" -host 127.0.0.1 -port $port_gh >/dev/null 2>&1 &
gh_pid=$!
trap 'kill $se_pid $gh_pid 2>/dev/null || true' EXIT
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$port_se/healthz" >/dev/null && curl -sf "http://127.0.0.1:$port_gh/status/200" >/dev/null && break
  sleep 0.1
done
for port in $port_se $port_gh; do
  for code in 200 404; do
    got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/status/$code")
    [ "$got" = "$code" ] || { echo "127.0.0.1:$port/status/$code answered $got" >&2; exit 1; }
  done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One wrk run: requests per second, server CPU µs per request, p99 latency in ms. For
# /status/200 any non-2xx answer (a 429 from a rate limit, say) would make the figure
# meaningless, so the run stops.
run() { # url, server pid, connections
  local before after r
  before=$(cpu_ticks "$2")
  r=$(taskset -c 1 wrk -t1 -c"$3" -d"${secs}s" --latency "$1")
  after=$(cpu_ticks "$2")
  echo "$r" >>"$out/wrk.txt"
  if [[ "$1" == */status/200 ]] && grep -q 'Non-2xx' <<<"$r"; then echo "non-2xx answers from $1" >&2; exit 1; fi
  grep -q 'Socket errors' <<<"$r" && echo "warning: $1: $(grep 'Socket errors' <<<"$r")" >&2
  echo "$r" | awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(s) { if (s ~ /us$/) return s / 1000; if (s ~ /ms$/) return s + 0; if (s ~ /s$/) return s * 1000; return s }
    /requests in/ {n=$1} /Requests\/sec/ {r=$2} $1 == "99%" {p=ms($2)}
    END {printf "%s %.2f %.2f\n", r, t / hz * 1e6 / n, p}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-5s %-12s %11s %11s %6s %6s | %9s %9s %6s | %9s %9s\n' \
  conns path "siteerror" "go-httpbin" ratio paired "se µs/req" "gh µs/req" ratio "se p99" "gh p99"
for conns in "${conns_list[@]}"; do
  for path in /status/200 /status/404; do
    taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port_se$path" >/dev/null
    taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port_gh$path" >/dev/null
    se_r=(); gh_r=(); se_c=(); gh_c=(); se_p=(); gh_p=(); pair=()
    for _ in $(seq "$rounds"); do
      # (An assignment, so that a run's exit stops the script under set -e.)
      line=$(run "http://127.0.0.1:$port_se$path" "$se_pid" "$conns"); read -r r c p <<<"$line"
      se_r+=("$r"); se_c+=("$c"); se_p+=("$p")
      line=$(run "http://127.0.0.1:$port_gh$path" "$gh_pid" "$conns"); read -r r2 c p <<<"$line"
      gh_r+=("$r2"); gh_c+=("$c"); gh_p+=("$p")
      # A round's two runs are back to back: their ratio survives a slow change in the load.
      pair+=("$(echo "$r / $r2" | bc -l)")
    done
    se=$(median "${se_r[@]}"); gh=$(median "${gh_r[@]}")
    sc=$(median "${se_c[@]}"); gc=$(median "${gh_c[@]}")
    sp=$(median "${se_p[@]}"); gp=$(median "${gh_p[@]}")
    printf '%-5s %-12s %11s %11s %6.2f %6.2f | %9s %9s %6.2f | %6s ms %6s ms   rounds: %s / %s\n' \
      "$conns" "$path" "$se" "$gh" "$(echo "$se / $gh" | bc -l)" "$(median "${pair[@]}")" \
      "$sc" "$gc" "$(echo "$gc / $sc" | bc -l)" "$sp" "$gp" "${se_r[*]}" "${gh_r[*]}"
  done
done
echo "median of $rounds alternating rounds (paired: median of each round's siteerror/go-httpbin); wrk -t1 -d${secs}s --latency on core 1; each server on core 0; CPU ratio is go-httpbin/siteerror (higher is better)"
echo "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%F); siteerror: $built; go-httpbin: $gh_bin"

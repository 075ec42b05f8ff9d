#!/usr/bin/env bash
# Loads /status/200 and /status/404 with wrk against `siteerror serve` and against httpbin
# (PyPI httpbin under gunicorn with gevent workers, as httpbin's own image runs it), each server
# pinned to core 0 and wrk to core 1, in one run. Prints requests per second and the ratio.
#
#   bench/status-vs-httpbin.sh [SECONDS] [CONNECTIONS]
#
# Needs: pip install httpbin gunicorn gevent packaging; wrk, curl, taskset. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
conns=${2:-64}
port_se=18490
port_hb=18491
out=bench/out/status
rm -rf "$out"; mkdir -p "$out"

cargo build --release -q
taskset -c 0 target/release/siteerror serve --addr 127.0.0.1:$port_se --playground-rate 0 2>"$out/siteerror.log" &
se_pid=$!
taskset -c 0 gunicorn -b 127.0.0.1:$port_hb -k gevent -w 1 httpbin:app 2>"$out/httpbin.log" &
hb_pid=$!
trap 'kill $se_pid $hb_pid 2>/dev/null || true' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port_se/healthz" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$port_hb/status/200" && break; sleep 0.1; done

# Requests per second; for /status/200 any non-2xx answer (a 429 from a rate limit, say) would
# make the figure meaningless, so the run stops.
rps() {
  local r; r=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "$1")
  if [[ "$1" == */status/200 ]] && grep -q 'Non-2xx' <<<"$r"; then echo "non-2xx answers from $1" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$r"
}
printf '%-12s %14s %14s %8s\n' path siteerror httpbin ratio
for path in /status/200 /status/404; do
  taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port_se$path" >/dev/null
  taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port_hb$path" >/dev/null
  se=$(rps "http://127.0.0.1:$port_se$path")
  hb=$(rps "http://127.0.0.1:$port_hb$path")
  printf '%-12s %14s %14s %8.1f\n' "$path" "$se" "$hb" "$(echo "$se / $hb" | bc -l)"
done
echo "wrk -t1 -c$conns -d${secs}s; each server on core 0 (httpbin: gunicorn, 1 gevent worker), wrk on core 1; $(nproc) cores; $(date -u +%F); httpbin $(python3 -c 'import importlib.metadata as m; print(m.version("httpbin"))')"

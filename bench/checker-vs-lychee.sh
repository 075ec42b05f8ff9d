#!/usr/bin/env bash
# Checks N URLs (default 10,000) served by a local nginx on 127.0.0.1 — a mix of 200s and
# two-hop redirect chains — with `siteerror check` and with lychee at the same concurrency, in one
# run. Prints wall time, URLs per second and peak memory (max RSS) of each.
#
#   bench/checker-vs-lychee.sh [N] [CONCURRENCY]
#
# Needs: nginx, lychee (cargo install lychee), GNU time. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
conc=${2:-64}
port=18482
out=bench/out/checker
rm -rf "$out"; mkdir -p "$out"

cargo build --release -q
cat > "$out/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx.pid;
error_log $PWD/$out/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location = /ok { default_type text/plain; return 200 "ok\n"; }
    location = /r1 { return 301 /r2\$is_args\$args; }
    location = /r2 { return 302 /ok\$is_args\$args; }
  }
}
CONF
nginx -c "$PWD/$out/nginx.conf"
trap 'kill "$(cat "$out/nginx.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/ok" >/dev/null && break; sleep 0.1; done

# 70% direct 200s, 30% chains of two redirects; every URL distinct.
for i in $(seq "$n"); do
  if [ $((i % 10)) -lt 7 ]; then echo "http://127.0.0.1:$port/ok?i=$i"; else echo "http://127.0.0.1:$port/r1?i=$i"; fi
done > "$out/urls.txt"

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err" || true
  read -r secs kb < "$out/$name.time"
  printf '%-22s %8.2f s %10.0f URLs/s %8.1f MiB\n' "$name" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}

printf '%-22s %10s %17s %12s\n' tool time throughput "peak RSS"
measure "siteerror (HEAD)" target/release/siteerror check --file "$out/urls.txt" --concurrency "$conc" --per-host "$conc" --format json --no-progress
measure "siteerror (GET)" target/release/siteerror check --file "$out/urls.txt" --concurrency "$conc" --per-host "$conc" --method get --format json --no-progress
measure "lychee" lychee --no-progress --max-concurrency "$conc" --host-concurrency "$conc" --host-request-interval 0ms --format json "$out/urls.txt"

ok_se=$(python3 -c "import json; d=json.load(open('$out/siteerror (GET).out')); print(sum(1 for r in d if r['final_status']==200))")
ok_ly=$(python3 -c "import json; d=json.load(open('$out/lychee.out')); print(d.get('successful', d.get('total')))")
echo "URLs ending in 200: siteerror $ok_se of $n; lychee reports $ok_ly successful"
echo "$n URLs (70% 200, 30% two-redirect chains) from nginx on 127.0.0.1; concurrency $conc; $(nproc) cores; $(date -u +%F); lychee $(lychee --version | awk '{print $2}')"

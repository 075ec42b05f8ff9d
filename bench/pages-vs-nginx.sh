#!/usr/bin/env bash
# Loads one code page (/417 by default) with wrk against `siteerror serve` and against nginx
# serving the very same bytes, each server pinned to core 0 and wrk to core 1, in one run.
# Prints requests per second for both and the ratio, for identity and gzip responses.
#
#   bench/pages-vs-nginx.sh [PATH] [SECONDS] [CONNECTIONS]
#
# Needs: nginx, wrk, curl, taskset (apt-get install nginx wrk curl util-linux). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
path=${1:-/417}
secs=${2:-10}
conns=${3:-64}
port_se=18480
port_ng=18481
out=bench/out/pages
rm -rf "$out"; mkdir -p "$out/root"

cargo build --release -q
taskset -c 0 target/release/siteerror serve --addr 127.0.0.1:$port_se --quiet 2>"$out/siteerror.log" &
se_pid=$!
trap 'kill $se_pid 2>/dev/null; [ -f "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")" 2>/dev/null; true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port_se/healthz" >/dev/null && break; sleep 0.1; done

# The exact bytes siteerror sends a browser, identity and gzip, for nginx to serve.
accept='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
curl -sf -H "Accept: $accept" "http://127.0.0.1:$port_se$path" -o "$out/root/page.html"
curl -sf -H "Accept: $accept" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port_se$path" -o "$out/root/page.html.gz"
# And the same header fields (caching, Vary, the security headers), so that both send heads of
# about the same size: wrk's cost per response grows with the head, and it shares the machine.
# nginx makes its own Date, ETag, Content-Type and Content-Length (and adds Server and
# Last-Modified).
add_headers=$(curl -sf -D - -o /dev/null -H "Accept: $accept" "http://127.0.0.1:$port_se$path" | tr -d '\r' |
  awk -F': ' 'tolower($1) ~ /^(cache-control|vary|x-content-type-options|content-security-policy|referrer-policy|x-frame-options)$/ {
    printf "add_header %s \"%s\";\n", $1, $2 }')

cat > "$out/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx.pid;
error_log $PWD/$out/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=100;
  gzip_static on;
  types { text/html html; }
  server {
    listen 127.0.0.1:$port_ng;
    root $PWD/$out/root;
    location = $path {
      default_type "text/html; charset=utf-8";
      $add_headers
      try_files /page.html =404;
    }
  }
}
CONF
taskset -c 0 nginx -c "$PWD/$out/nginx.conf"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port_ng$path" >/dev/null && break; sleep 0.1; done
cmp <(curl -sf -H "Accept: $accept" "http://127.0.0.1:$port_ng$path") "$out/root/page.html"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ng_worker() { pgrep -P "$(cat "$out/nginx.pid")" | head -1; }
# Requests per second, the server's CPU time per request in microseconds (less noisy on a
# shared machine than throughput alone), and wrk's 99th percentile latency in milliseconds.
rps() { # url, extra header, server pid
  local before after result
  before=$(cpu_ticks "$3")
  result=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Accept: $accept" ${2:+-H "$2"} "$1")
  after=$(cpu_ticks "$3")
  echo "$result" | awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    /requests in/ {n=$1} /Requests\/sec/ {r=$2} $1 == "99%" {p=ms($2)}
    END {printf "%s %.2f %.2f\n", r, t / hz * 1e6 / n, p}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rounds=${ROUNDS:-3}
printf '%-10s %14s %14s %8s   (median of %s alternating rounds)\n' coding siteerror nginx ratio "$rounds"
for coding in identity gzip; do
  hdr=""; [ "$coding" = gzip ] && hdr="Accept-Encoding: gzip"
  taskset -c 1 wrk -t1 -c"$conns" -d2s ${hdr:+-H "$hdr"} "http://127.0.0.1:$port_se$path" >/dev/null
  taskset -c 1 wrk -t1 -c"$conns" -d2s ${hdr:+-H "$hdr"} "http://127.0.0.1:$port_ng$path" >/dev/null
  se_all=(); ng_all=(); se_cpu=(); ng_cpu=(); se_p99=(); ng_p99=()
  for _ in $(seq "$rounds"); do
    read -r r c p < <(rps "http://127.0.0.1:$port_se$path" "$hdr" "$se_pid"); se_all+=("$r"); se_cpu+=("$c"); se_p99+=("$p")
    read -r r c p < <(rps "http://127.0.0.1:$port_ng$path" "$hdr" "$(ng_worker)"); ng_all+=("$r"); ng_cpu+=("$c"); ng_p99+=("$p")
  done
  se=$(median "${se_all[@]}"); ng=$(median "${ng_all[@]}")
  sc=$(median "${se_cpu[@]}"); nc=$(median "${ng_cpu[@]}")
  sp=$(median "${se_p99[@]}"); np=$(median "${ng_p99[@]}")
  printf '%-10s %14s %14s %8.2f   siteerror: %s; nginx: %s\n' "$coding" "$se" "$ng" "$(echo "$se / $ng" | bc -l)" "${se_all[*]}" "${ng_all[*]}"
  printf '%-10s %11s µs %11s µs %8.2f   server CPU per request (lower is better; ratio nginx/siteerror)\n' "" "$sc" "$nc" "$(echo "$nc / $sc" | bc -l)"
  printf '%-10s %11s ms %11s ms %8.2f   p99 latency (lower is better; ratio nginx/siteerror)\n' "" "$sp" "$np" "$(echo "$np / $sp" | bc -l)"
done
echo "page: $path, $(stat -c %s "$out/root/page.html") bytes identity, $(stat -c %s "$out/root/page.html.gz") bytes gzip; wrk -t1 -c$conns -d${secs}s; each server on core 0, wrk on core 1; $(nproc) cores; $(date -u +%F)"

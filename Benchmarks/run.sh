#!/usr/bin/env bash
# `make bench`: a release-build notifd in local mode on a scratch data directory, then every
# scenario of `notif bench`, each printed and appended as one JSON line to
# Benchmarks/results/<date>.jsonl. Assumes `swift build -c release` has run (make bench does it).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(swift build -c release --show-bin-path)
duration=${BENCH_DURATION:-10s}
data=$(mktemp -d /tmp/notif-bench-XXXXXX)
mkdir -p Benchmarks/results
out="Benchmarks/results/$(date -u +%Y-%m-%d).jsonl"
: > "$out"

start_notifd() {
    # Webhook receivers of the benchmark listen on loopback.
    "$bin/notifd" --data-dir "$data" --port 0 --log-level warning --webhook-allow-private-networks \
        > "$data/notifd.out" 2>> "$data/notifd.err" &
    pid=$!
    for _ in $(seq 1 600); do
        grep -q "Stop with Ctrl-C" "$data/notifd.out" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$data/notifd.err" >&2; return 1; }
        sleep 0.2
    done
    echo "notifd did not start" >&2
    return 1
}

stop_notifd() {
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

trap 'stop_notifd; rm -rf "$data"' EXIT
start_notifd
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$data/notifd.out" | head -1)
nats=$(grep -o 'nats://127.0.0.1:[0-9]*' "$data/notifd.out" | head -1)
key=$(grep -o 'NOTIF_API_KEY=nsh_[A-Za-z0-9]*' "$data/notifd.out" | head -1 | cut -d= -f2)
export NOTIF_SERVER="$url" NOTIF_API_KEY="$key" NOTIF_CONFIG="$data/cli-config.json"
echo "notifd $url (pid $pid), NATS $nats; results in $out"

# Waits (up to 60 s) until notifd is nearly idle (< 10 % of a core over a second), so that a
# scenario does not pay for the backlog the previous one left (indexer, audit, deliveries).
settle() {
    local ticks=$(getconf CLK_TCK) before after
    for _ in $(seq 1 60); do
        before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        sleep 1
        after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        (( (after - before) * 10 < ticks )) && return 0
    done
}

bench() {
    settle
    echo "== notif bench $*"
    "$bin/notif" bench "$@" --server-pid "$pid" --json | tee -a "$out"
}

bench broker --nats-url "$nats" --sync --duration "$duration"
bench compare --nats-url "$nats" --duration "$duration" --rounds 3
bench emit --rate 1000 --duration "$duration"
bench emit --rate 5000 --duration "$duration"
bench e2e --rate 1000 --subscribers 1 --duration "$duration"
bench e2e --rate 1000 --subscribers 4 --duration "$duration"
bench e2e --rate 1000 --subscribers 4 --group --duration "$duration"
bench webhooks --no-hanging --duration "$duration"
# Two fast webhooks beside the hanging one: twice the deliveries per emitted event, so the
# dispatcher is loaded beyond the emit rate.
bench webhooks --endpoints 2 --duration "$duration"

# Last (closing 10 000 consumers keeps nats-server busy for a while afterwards): 10 000 idle
# WebSocket subscribers: notifd's memory per connection, then 20 events to all of them
# (nats-server, notifd's child in local mode, is reported too).
nats_pid=$(pgrep -P "$pid" -x nats-server || true)
bench fanout --subscribers "${BENCH_FANOUT_SUBSCRIBERS:-10000}" ${nats_pid:+--nats-pid "$nats_pid"}

# Readiness on an existing data directory: stop, start again, time until /ready answers 200.
stop_notifd
started=$(date +%s.%N)
start_notifd
python3 - "$(grep -o 'http://127.0.0.1:[0-9]*' "$data/notifd.out" | head -1)" "$started" <<'PY' | tee -a "$out"
import json, sys, time, urllib.request
url, started = sys.argv[1], float(sys.argv[2])
while True:
    try:
        if urllib.request.urlopen(url + "/ready", timeout=1).status == 200:
            break
    except Exception:
        pass
    time.sleep(0.05)
print(json.dumps({"scenario": "ready-after-restart", "seconds": round(time.time() - started, 3)}))
PY

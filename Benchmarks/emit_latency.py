"""Sequential emit latency over one keep-alive HTTP connection (a first figure until `notif bench`).

Usage: python emit_latency.py <server url> <api key> [count]
The key's rate limit must allow the rate (create one with "rate_limit_per_second": 100000).
Needs httpx (e.g. the SDK test venv: .build/python-sdk-venv/bin/python).
"""
import json
import statistics
import sys
import time

import httpx


def main() -> None:
    server, key = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    body = json.dumps({"topic": "bench.latency", "data": {"payload": "x" * 200}}).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    samples = []
    with httpx.Client(base_url=server, headers=headers, timeout=10) as client:
        for _ in range(200):  # warm-up
            client.post("/api/v1/emit", content=body)
        started = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            response = client.post("/api/v1/emit", content=body)
            samples.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()
        elapsed = time.perf_counter() - started
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(json.dumps({
        "count": count, "payload_bytes": len(body), "seconds": round(elapsed, 3),
        "events_per_second": round(count / elapsed, 1),
        "p50_ms": round(pick(0.50), 3), "p90_ms": round(pick(0.90), 3), "p99_ms": round(pick(0.99), 3),
        "max_ms": round(samples[-1], 3), "mean_ms": round(statistics.mean(samples), 3),
    }))


if __name__ == "__main__":
    main()

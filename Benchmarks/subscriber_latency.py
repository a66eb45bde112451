"""Emit → WebSocket subscriber latency: one auto-ack subscriber, events emitted one at a time, the
time from sending `POST /api/v1/emit` to the event frame's arrival (a first figure until `notif bench`).

Usage: python subscriber_latency.py <server url> <api key> [count]
Needs httpx and websockets (e.g. the SDK test venv: .build/python-sdk-venv/bin/python).
"""
import asyncio
import json
import statistics
import sys
import time

import httpx
import websockets


async def main() -> None:
    server, key = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    headers = {"Authorization": f"Bearer {key}"}
    ws_url = server.replace("http://", "ws://").replace("https://", "wss://") + "/ws"
    async with websockets.connect(ws_url, additional_headers=headers) as ws, \
            httpx.AsyncClient(base_url=server, headers=headers, timeout=10) as http:
        await ws.send(json.dumps({"action": "subscribe", "topics": ["bench.sub"], "options": {"auto_ack": True}}))
        assert json.loads(await ws.recv())["type"] == "subscribed"
        samples = []
        for index in range(count + 50):
            started = time.perf_counter()
            response = await http.post("/api/v1/emit", json={"topic": "bench.sub", "data": {"i": index}})
            response.raise_for_status()
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") == "event" and frame["data"]["i"] == index:
                    break
            if index >= 50:  # warm-up
                samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    print(json.dumps({
        "count": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95)], 2),
        "p99_ms": round(samples[int(len(samples) * 0.99)], 2),
        "max_ms": round(samples[-1], 2),
    }))


asyncio.run(main())

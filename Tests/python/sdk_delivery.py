"""Drives subscriptions, acks, nacks, groups, replay, schedules and the DLQ through the official
Python SDK (PyPI `notifsh`) against a notifd, and prints what it saw as JSON.

Run by Tests/NotifServerTests/PythonSDKTests.swift with NOTIF_SERVER and NOTIF_API_KEY set.
The DLQ has no SDK method; it is read over HTTP only to observe what the SDK's nacks caused.
"""
import asyncio
import json
import os
from datetime import datetime, timedelta, timezone

import httpx
from notifsh import Notif

TIMEOUT = 15


async def first(stream):
    """Starts the lazy stream, waits until it is subscribed, returns the pending first event."""
    task = asyncio.ensure_future(stream.__anext__())
    for _ in range(300):
        if stream.is_connected:
            return task
        await asyncio.sleep(0.02)
    raise RuntimeError("subscription did not connect")


async def main() -> None:
    server = os.environ["NOTIF_SERVER"]
    key = os.environ["NOTIF_API_KEY"]
    out: dict = {}
    async with Notif(api_key=key, server=server) as client:
        # Auto-ack subscription.
        stream = client.subscribe("py.auto.*")
        pending = await first(stream)
        sent = await client.emit("py.auto.one", {"n": 1})
        event = await asyncio.wait_for(pending, TIMEOUT)
        out["auto"] = {"sent": sent.id, "got": event.id, "topic": event.topic, "data": event.data, "attempt": event.attempt}
        await stream.close()

        # Manual ack, nack with redelivery, nack to the DLQ (default max_retries 5).
        stream = client.subscribe("py.manual.*", auto_ack=False)
        pending = await first(stream)
        acked = await client.emit("py.manual.ack", {})
        event = await asyncio.wait_for(pending, TIMEOUT)
        await event.ack()
        doomed = await client.emit("py.manual.nack", {"bad": True})
        attempts = []
        while len(attempts) < 5:
            event = await asyncio.wait_for(stream.__anext__(), TIMEOUT)
            if event.id != doomed.id:
                continue
            attempts.append(event.attempt)
            await event.nack("100ms")
        out["manual"] = {"acked": acked.id, "first": event.id, "attempts": attempts}
        await stream.close()

        # A consumer group shares events; another group gets all of them.
        a1 = client.subscribe("py.group.*", group="workers")
        a2 = client.subscribe("py.group.*", group="workers")
        b = client.subscribe("py.group.*", group="audit")
        pendings = [await first(s) for s in (a1, a2, b)]
        ids = [(await client.emit("py.group.item", {"i": i})).id for i in range(6)]
        seen_b = [(await asyncio.wait_for(pendings[2], TIMEOUT)).id]
        while len(seen_b) < 6:
            seen_b.append((await asyncio.wait_for(b.__anext__(), TIMEOUT)).id)
        seen_a = []
        waiting = {0: pendings[0], 1: pendings[1]}
        streams = {0: a1, 1: a2}
        deadline = asyncio.get_event_loop().time() + TIMEOUT
        while len(seen_a) < 6 and asyncio.get_event_loop().time() < deadline:
            done, _ = await asyncio.wait(list(waiting.values()), timeout=1, return_when=asyncio.FIRST_COMPLETED)
            for index, task in list(waiting.items()):
                if task in done:
                    seen_a.append(task.result().id)
                    waiting[index] = asyncio.ensure_future(streams[index].__anext__())
        for task in waiting.values():
            task.cancel()
        out["groups"] = {"ids": ids, "a": seen_a, "b": seen_b}
        for s in (a1, a2, b):
            await s.close()

        # from="beginning" replays what was emitted before subscribing.
        stream = client.subscribe("py.auto.*", from_="beginning")
        pending = await first(stream)
        out["beginning"] = (await asyncio.wait_for(pending, TIMEOUT)).id
        await stream.close()

        # Schedules: create, list, get, run now, cancel, and one that fires by itself.
        stream = client.subscribe("py.scheduled.*")
        pending = await first(stream)
        later = await client.schedule("py.scheduled.later", {"x": 1}, scheduled_for=datetime.now(timezone.utc) + timedelta(hours=1))
        soon = await client.schedule("py.scheduled.soon", {"x": 2}, in_="1s")
        listed = await client.list_schedules(status="pending")
        fetched = await client.get_schedule(later.id)
        ran = await client.run_schedule(later.id)
        fired = [(await asyncio.wait_for(pending, TIMEOUT)).id]
        fired.append((await asyncio.wait_for(stream.__anext__(), TIMEOUT)).id)
        extra = await client.schedule("py.scheduled.cancel", {}, in_="1h")
        await client.cancel_schedule(extra.id)
        cancelled = await client.get_schedule(extra.id)
        out["schedules"] = {
            "listed": len(listed.schedules), "total": listed.total, "fetched": fetched.id == later.id,
            "ran_event": ran.event_id, "fired": fired, "soon": soon.id, "cancelled": cancelled.status,
        }
        await stream.close()

    async with httpx.AsyncClient() as http:
        for _ in range(100):
            dlq = (await http.get(f"{server}/api/v1/dlq", headers={"Authorization": f"Bearer {key}"})).json()
            if dlq["count"] >= 1:
                break
            await asyncio.sleep(0.1)
        out["dlq"] = [item["event_id"] for item in dlq["messages"]]
    print(json.dumps(out))


asyncio.run(main())

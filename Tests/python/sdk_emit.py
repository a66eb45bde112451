"""Drives the official Python SDK (PyPI `notifsh`) against a notifd and prints what it saw as JSON.

Run by Tests/NotifServerTests/PythonSDKTests.swift with NOTIF_SERVER and NOTIF_API_KEY set.
"""
import asyncio
import json
import os

from notifsh import APIError, AuthError, Notif


async def main() -> None:
    server = os.environ["NOTIF_SERVER"]
    key = os.environ["NOTIF_API_KEY"]
    out: dict = {}
    async with Notif(api_key=key, server=server) as client:
        sent = await client.emit("sdk.python", {"hello": "world", "n": 1, "nested": {"ok": True}})
        out["emit"] = {"id": sent.id, "topic": sent.topic, "created_at": sent.created_at.isoformat()}
        try:
            await client.emit("$internal", {})
        except APIError as error:
            out["bad_topic"] = {"status": error.status_code, "text": str(error)}
        try:
            await client.emit("big.payload", {"blob": "x" * (300 * 1024)})
        except APIError as error:
            out["too_large"] = {"status": error.status_code, "text": str(error)}
    async with Notif(api_key="nsh_" + "x" * 28, server=server) as stranger:
        try:
            await stranger.emit("a.b", {})
        except AuthError as error:
            out["auth_error"] = str(error)
    print(json.dumps(out))


asyncio.run(main())

"""A real NATS client (nats-py) against notif's NATS JWTs.

argv: server URL, .creds file, subject. Checks the user JWT the way nats-io/jwt does (jti = base32
SHA-512/256 of the standard claims without jti; Ed25519 signature by the issuer through PyNaCl, which nkeys uses), then
connects with the .creds file and round-trips one message. Prints one JSON object.
"""
import asyncio, base64, hashlib, json, sys

import nacl.exceptions
import nacl.signing
import nats


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_jwt(token):
    header, payload, signature = token.split(".")
    claims = json.loads(b64url(payload))
    standard = {k: claims[k] for k in ("aud", "exp", "iat", "iss", "name", "nbf", "sub") if k in claims}
    order = ["aud", "exp", "iat", "iss", "name", "nbf", "sub"]
    text = json.dumps({k: standard[k] for k in order if k in standard}, separators=(",", ":"))
    jti = base64.b32encode(hashlib.new("sha512_256", text.encode()).digest()).decode().rstrip("=")
    issuer = claims["iss"]
    raw = base64.b32decode(issuer + "=" * (-len(issuer) % 8))[1:-2]  # prefix byte, key, CRC-16
    try:
        nacl.signing.VerifyKey(raw).verify((header + "." + payload).encode(), b64url(signature))
        verified = True
    except nacl.exceptions.BadSignatureError:
        verified = False
    return {"header": json.loads(b64url(header)), "jti_matches": jti == claims["jti"], "verified": verified,
            "type": claims["nats"]["type"]}


async def main(url, creds, subject):
    with open(creds) as f:
        token = [line for line in f.read().splitlines() if line.startswith("eyJ")][0]
    result = check_jwt(token)
    nc = await nats.connect(url, user_credentials=creds, connect_timeout=5, max_reconnect_attempts=0)
    sub = await nc.subscribe(subject)
    await nc.publish(subject, b"hello from python")
    msg = await sub.next_msg(timeout=5)
    result["received"] = msg.data.decode()
    await nc.close()
    print(json.dumps(result))


asyncio.run(main(*sys.argv[1:4]))

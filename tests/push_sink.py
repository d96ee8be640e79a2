"""A push service for tests/tests/push.rs: a second implementation of Web Push to check
Platzwahl's against (http_ece, the library pywebpush uses, and cryptography; both installed into
the tools venv by scripts/bootstrap).

    python push_sink.py PORT FILE

Listens on 127.0.0.1:PORT. Prints `ready` when it listens; ends on SIGTERM or SIGINT.

- `POST /subscribe/NAME` makes a browser: a P-256 key pair and a 16-byte secret, kept here, and
  answers what `PushSubscription.toJSON()` would (endpoint `http://127.0.0.1:PORT/push/NAME`).
- `POST /behave/NAME` with `{"status": 503, "times": 2}` answers the next two messages to NAME
  with 503 (`times` left out: every one).
- `POST /push/NAME` is a message: its body is decrypted (RFC 8291, aes128gcm) with NAME's keys
  and its `Authorization: vapid t=JWT, k=KEY` checked (RFC 8292: an ES256 signature by KEY,
  `aud` this service's origin, `exp` within 24 hours). One JSON line per message is appended to
  FILE: name, status answered, headers, the VAPID claims and checks, the decrypted payload.
"""

import base64
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class State:
    def __init__(self, port, path):
        self.origin = f"http://127.0.0.1:{port}"
        self.path = path
        self.browsers = {}
        self.behaviour = {}
        self.lock = threading.Lock()

    def record(self, line):
        with self.lock:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(line) + "\n")


def check_vapid(header, origin):
    """The claims of a VAPID `Authorization` header and whether it holds."""
    result = {"signature_ok": False, "aud_ok": False, "exp_ok": False}
    if not header or not header.lower().startswith("vapid "):
        result["error"] = "no vapid authorization"
        return result
    token = re.search(r"t=([^,\s]+)", header)
    key = re.search(r"k=([^,\s]+)", header)
    if not token or not key:
        result["error"] = "t= or k= missing"
        return result
    result["k"] = key.group(1)
    parts = token.group(1).split(".")
    if len(parts) != 3:
        result["error"] = "not a JWT"
        return result
    head = json.loads(b64url_decode(parts[0]))
    claims = json.loads(b64url_decode(parts[1]))
    result["header"] = head
    result["claims"] = claims
    signature = b64url_decode(parts[2])
    try:
        public = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), b64url_decode(key.group(1))
        )
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        public.verify(
            encode_dss_signature(r, s),
            f"{parts[0]}.{parts[1]}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
        result["signature_ok"] = head.get("alg") == "ES256" and len(signature) == 64
    except (InvalidSignature, ValueError) as err:
        result["error"] = f"signature: {err!r}"
    result["aud_ok"] = claims.get("aud") == origin
    now = time.time()
    exp = claims.get("exp")
    result["exp_ok"] = isinstance(exp, int) and now < exp <= now + 24 * 3600
    return result


def handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body=None):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            parts = self.path.strip("/").split("/")
            if len(parts) != 2:
                return self.answer(404)
            what, name = parts
            if what == "subscribe":
                private = ec.generate_private_key(ec.SECP256R1())
                public = private.public_key().public_bytes(
                    serialization.Encoding.X962,
                    serialization.PublicFormat.UncompressedPoint,
                )
                auth = os.urandom(16)
                with state.lock:
                    state.browsers[name] = (private, auth)
                return self.answer(
                    200,
                    {
                        "endpoint": f"{state.origin}/push/{name}",
                        "expirationTime": None,
                        "keys": {"p256dh": b64url_encode(public), "auth": b64url_encode(auth)},
                    },
                )
            if what == "behave":
                rule = json.loads(body or b"{}")
                with state.lock:
                    state.behaviour[name] = [rule["status"], rule.get("times")]
                return self.answer(204)
            if what != "push":
                return self.answer(404)
            with state.lock:
                browser = state.browsers.get(name)
                status = 201
                rule = state.behaviour.get(name)
                if rule is not None and (rule[1] is None or rule[1] > 0):
                    status = rule[0]
                    if rule[1] is not None:
                        rule[1] -= 1
            line = {
                "name": name,
                "status": status,
                "ttl": self.headers.get("TTL"),
                "urgency": self.headers.get("Urgency"),
                "content_encoding": self.headers.get("Content-Encoding"),
                "vapid": check_vapid(self.headers.get("Authorization"), state.origin),
            }
            if browser is None:
                line["error"] = "unknown browser"
            else:
                private, auth = browser
                try:
                    plain = http_ece.decrypt(
                        body, private_key=private, auth_secret=auth, version="aes128gcm"
                    )
                    line["payload"] = json.loads(plain)
                except Exception as err:  # noqa: BLE001 - recorded for the test to show
                    line["error"] = f"decrypt: {err!r}"
            state.record(line)
            return self.answer(status)

    return Handler


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    state = State(port, path)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(state))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", flush=True)
    stop.wait()
    server.shutdown()


if __name__ == "__main__":
    main()

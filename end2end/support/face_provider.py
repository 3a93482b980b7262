"""A local stand-in for a licensed face-verification provider, speaking
the protocol README describes ("Connecting a face-verification
provider"). Its page asks the person to "show their face" with one button
and always finds a match; it checks SkillPass's request signatures and
signs each outcome with the shared secret. For the browser tests only.

Usage: python3 face_provider.py PORT SECRET
"""

import hashlib
import hmac
import html
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHECKS: dict = {}


def sign(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class Provider(BaseHTTPRequestHandler):
    secret = ""

    def log_message(self, *args) -> None:  # quiet
        pass

    def answer(self, status: int, body: bytes = b"", kind: str = "application/json", location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def signed(self, message: bytes) -> bool:
        given = self.headers.get("X-SkillPass-Signature", "")
        return hmac.compare_digest(given, sign(self.secret, message))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/checks":
            return self.answer(404)
        if not self.signed(body):
            return self.answer(401)
        request = json.loads(body)
        nonce = request["nonce"]
        CHECKS[nonce] = {"return_url": request["return_url"], "name": request["name"], "outcome": "pending"}
        host = self.headers.get("Host")
        self.answer(200, json.dumps({"verify_url": f"http://{host}/verify/{nonce}"}).encode())

    def do_GET(self) -> None:
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts == ["favicon.ico"]:
            return self.answer(204)
        if len(parts) == 2 and parts[0] == "checks":
            return self.outcome(parts[1])
        if len(parts) >= 2 and parts[0] == "verify" and parts[1] in CHECKS:
            check = CHECKS[parts[1]]
            if len(parts) == 3 and parts[2] == "done":
                check["outcome"] = "match"
                return self.answer(303, location=check["return_url"])
            page = (
                "<!doctype html><meta charset=utf-8><title>模拟人脸核验服务</title>"
                f"<h1>模拟人脸核验服务（测试用）</h1><p>{html.escape(check['name'])}，请正对镜头。</p>"
                f"<form method=get action=/verify/{parts[1]}/done><button>完成核验</button></form>"
            )
            return self.answer(200, page.encode(), "text/html; charset=utf-8")
        self.answer(404)

    def outcome(self, nonce: str) -> None:
        if not self.signed(f"/checks/{nonce}".encode()):
            return self.answer(401)
        if nonce not in CHECKS:
            return self.answer(404)
        outcome = CHECKS[nonce]["outcome"]
        signature = sign(self.secret, f"skillpass-face-result:{nonce}:{outcome}".encode())
        self.answer(200, json.dumps({"nonce": nonce, "outcome": outcome, "signature": signature}).encode())


def main(port: int, secret: str) -> None:
    Provider.secret = secret
    ThreadingHTTPServer(("127.0.0.1", port), Provider).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])

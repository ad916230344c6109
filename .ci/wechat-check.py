#!/usr/bin/env python3
"""Live mode's WeChat pushes received by a real HTTP listener: `authtui serve` posts the
component_verify_ticket in safe mode; this checks msg_signature, decrypts the envelope with
AES-256-CBC (Python's `cryptography`) as a component SDK would, and uses the ticket on the
component API to get a component_access_token.
Usage: wechat-check.py AUTHTUI_BINARY"""
import base64, hashlib, json, queue, re, struct, subprocess, sys, threading, time, urllib.parse, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

binary = sys.argv[1]
TOKEN, AES_KEY = "citoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
pushes = queue.Queue()


def fail(message):
    print(f"wechat-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


class Callback(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        pushes.put((urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query), body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"success")

    def log_message(self, *args):
        pass


listener = HTTPServer(("127.0.0.1", 0), Callback)
threading.Thread(target=listener.serve_forever, daemon=True).start()
callback = f"http://127.0.0.1:{listener.server_port}/wechat/callback"
server = subprocess.Popen([binary, "serve", "--port", "0", "--wechat-callback", callback, "--wechat-token", TOKEN,
                           "--wechat-aes-key", AES_KEY], stdout=subprocess.PIPE, text=True)
try:
    base = server.stdout.readline().strip().removeprefix("listening on ")

    def receive():
        try:
            query, body = pushes.get(timeout=10)
        except queue.Empty:
            fail("no push arrived within 10 s")
        first = lambda name: query[name][0]
        encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]></Encrypt>", body).group(1)
        expected = hashlib.sha1("".join(sorted([TOKEN, first("timestamp"), first("nonce"), encrypted])).encode()).hexdigest()
        if first("msg_signature") != expected or first("encrypt_type") != "aes":
            fail(f"msg_signature does not verify: {query}")
        key = base64.b64decode(AES_KEY + "=")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        plain = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
        plain = plain[:-plain[-1]]
        length = struct.unpack(">I", plain[16:20])[0]
        xml, appid = plain[20:20 + length].decode(), plain[20 + length:].decode()
        return xml, appid

    xml, appid = receive()
    ticket = re.search(r"<ComponentVerifyTicket><!\[CDATA\[(.*?)\]\]>", xml)
    if "component_verify_ticket" not in xml or not ticket:
        fail(f"the decrypted push is not a ticket: {xml}")
    state = json.load(urllib.request.urlopen(base + "/_authtui/state"))["wechat"]
    if state["component_appid"] != appid:
        fail(f"the envelope's appid {appid} is not the component's {state['component_appid']}")
    print("wechat-check: an encrypted ticket push arrived; msg_signature verified, decrypted, appid matches")

    request = urllib.request.Request(base + "/cgi-bin/component/api_component_token", method="POST",
                                     headers={"Content-Type": "application/json"},
                                     data=json.dumps({"component_appid": appid, "component_appsecret": state["component_appsecret"],
                                                      "component_verify_ticket": ticket.group(1)}).encode())
    answer = json.load(urllib.request.urlopen(request))
    if "component_access_token" not in answer:
        fail(f"the pushed ticket did not buy a component_access_token: {answer}")
    urllib.request.urlopen(urllib.request.Request(base + "/_authtui/run", data=b"wechat push_ticket", method="POST"))
    xml, _ = receive()
    if "component_verify_ticket" not in xml:
        fail("the second push is not a ticket")
    # What a component SDK calls at start-up: api_start_push_ticket (its secret, no token yet).
    request = urllib.request.Request(base + "/cgi-bin/component/api_start_push_ticket", method="POST",
                                     data=json.dumps({"component_appid": appid, "component_secret": state["component_appsecret"]}).encode())
    started = json.load(urllib.request.urlopen(request))
    if started.get("errcode") != 0:
        fail(f"api_start_push_ticket: {started}")
    xml, _ = receive()
    if "component_verify_ticket" not in xml:
        fail("api_start_push_ticket pushed no ticket")
    print("wechat-check: the pushed ticket bought a component_access_token; 'wechat push_ticket' and api_start_push_ticket each pushed another")
finally:
    server.terminate()
    server.wait(timeout=5)

#!/usr/bin/env python3
"""The demo app in a real browser: headless Chromium (Debian's package), driven over the
DevTools protocol on a pipe, loads /app/, follows "Sign in", signs in as bob on the
platform's consent page, approves, and must end on the callback page showing the access
token decoded; then the same in a browser whose Accept-Language is Chinese, on pages in
Chinese. Usage: browser-check.py BASE_URL"""
import json, os, shutil, subprocess, sys, tempfile, time

base = sys.argv[1]
browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def fail(message):
    print(f"browser-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


if not browser:
    fail("no chromium on this machine")
to_browser_r, to_browser_w = os.pipe()
from_browser_r, from_browser_w = os.pipe()
profile = tempfile.mkdtemp()


def child_fds():
    os.dup2(to_browser_r, 3)
    os.dup2(from_browser_w, 4)


proc = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                         f"--user-data-dir={profile}", "--no-first-run", "about:blank"],
                        pass_fds=(3, 4, to_browser_r, from_browser_w), preexec_fn=child_fds,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_browser_r)
os.close(from_browser_w)
reader = os.fdopen(from_browser_r, "rb")
buffer = b""
next_id = 0


def call(method, params=None, session=None):
    global next_id, buffer
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_browser_w, json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffer:
            chunk = reader.read1(65536)
            if not chunk:
                fail("the browser closed the pipe")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                fail(f"{method}: {reply['error']}")
            return reply["result"]


try:
    def walk(language, connected_as):
        """The whole flow in a new tab whose requests say Accept-Language: `language`."""
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        call("Network.enable", {}, session)
        call("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": language}}, session)
        call("Page.navigate", {"url": base + "/app/"}, session)

        def evaluate(expression):
            return call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)["result"].get("value")

        def wait_for(expression, what):
            deadline = time.time() + 15
            while time.time() < deadline:
                if evaluate(expression):
                    return
                time.sleep(0.1)
            fail(f"{what} ({language}): the page is {evaluate('location.href')} — {evaluate('document.body && document.body.innerText')!r:.300}")

        wait_for("document.getElementById('start') !== null", "the demo app's home page")
        evaluate("document.getElementById('start').click()")
        wait_for("document.getElementById('approve') !== null", "the platform's consent page")
        consent = evaluate("document.querySelector('h1').innerText + ' / ' + document.getElementById('approve').innerText")
        evaluate("document.getElementById('username').value = 'bob'; document.getElementById('approve').click()")
        wait_for("document.getElementById('connected') !== null", "the callback page")
        heading = evaluate("document.getElementById('connected').innerText")
        token = evaluate("document.getElementById('access-token').innerText")
        if heading != connected_as or '"scope": "openid profile orders"' not in token:
            fail(f"the callback page ({language}) shows {heading!r} and {token[:200]!r}")
        checks = evaluate("[...document.querySelectorAll('#id-token-checks li')].map(li => li.id)")
        if not checks or any(c != "check-ok" for c in checks):
            listed = evaluate("document.getElementById('id-token-checks').innerText")
            fail(f"the app's ID token checks ({language}): {listed!r}")
        first = evaluate("document.querySelector('#id-token-checks li').innerText")
        call("Target.closeTarget", {"targetId": target})
        return consent, len(checks), first

    consent, count, _ = walk("en-US,en;q=0.9", "Connected as Bob")
    print(f"browser-check: headless Chromium did /app/ → consent (as bob) → approve → callback: token decoded, {count} ID token checks passed")
    consent, count, first = walk("zh-CN,zh;q=0.9,en;q=0.8", "已以 Bob 的身份连接")
    if "想要访问你的平台账号" not in consent or "同意" not in consent:
        fail(f"the consent page in Chinese says {consent!r}")
    if "验证通过" not in first:
        fail(f"the ID token checklist in Chinese begins {first!r}")
    print(f"browser-check: the same in a Chinese browser (Accept-Language zh-CN): consent page «{consent}», callback «已以 Bob 的身份连接», checklist «{first}»")
finally:
    proc.kill()
    proc.wait()
    shutil.rmtree(profile, ignore_errors=True)

"""Shared fixtures: Debian's chromium driven by Playwright against the server scripts/test started."""
import http.server
import json
import os
import pathlib
import threading
import time
import urllib.parse

import pytest
from playwright.sync_api import sync_playwright

BASE = os.environ.get("YANGLAO_URL", "http://127.0.0.1:18081")
PASSWORD = os.environ.get("YANGLAO_PASSWORD", "browser-pass-1")
SHOTS = pathlib.Path(os.environ.get("YANGLAO_SCREENSHOTS", "/tmp/yanglao-screenshots"))
SMS_PORT = int(os.environ.get("YANGLAO_SMS_PORT", "18093"))


class SMSGateway:
    """The SMS gateway the server under test sends to (YANGLAO_SMS_URL): it answers as Chinese
    gateways do and keeps every message, so a test reads the code a phone was sent."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                with gateway.lock:
                    gateway.messages.append(form)
                answer = json.dumps({"code": 0, "msg": "OK"}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", SMS_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts_to(self, mobile):
        with self.lock:
            return [m["text"] for m in self.messages if m.get("mobile") == mobile]

    def wait_for_text(self, mobile, after=0, timeout=15):
        """The first message to `mobile` beyond the first `after` ones."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            texts = self.texts_to(mobile)
            if len(texts) > after:
                return texts[after]
            time.sleep(0.2)
        raise AssertionError(f"no text message reached {mobile} within {timeout} s")


@pytest.fixture(scope="session", autouse=True)
def sms():
    gateway = SMSGateway()
    yield gateway
    gateway.server.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    pg = context.new_page()
    yield pg
    context.close()


def sign_in(page, username, password=PASSWORD):
    page.goto(BASE + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

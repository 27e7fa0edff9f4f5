"""Shared fixtures: Debian's chromium driven by Playwright against the server scripts/test started."""
import os
import pathlib

import pytest
from playwright.sync_api import sync_playwright

BASE = os.environ.get("YANGLAO_URL", "http://127.0.0.1:18081")
PASSWORD = os.environ.get("YANGLAO_PASSWORD", "browser-pass-1")
SHOTS = pathlib.Path(os.environ.get("YANGLAO_SCREENSHOTS", "/tmp/yanglao-screenshots"))


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

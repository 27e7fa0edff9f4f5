"""适老化 on a phone (issue 23, MIIT rules): every page an elder's family or a worker uses, seen
at 390×844 in each state it has, scrolls only up and down, shows no text under 18 px, offers no
target under 44×44 px (the elder's main actions — the services to call, 紧急求助, 确认 — are at
least 60 px tall), has no moderate or worse axe finding, and never opens an alert, confirm or
prompt dialog. The pages are reached as their users reach them: an order walks from 叫服务 through
the worker's 接单 … 签退 to 评价, and an SOS goes to the hotline (which closes it)."""
import re

import pytest
from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible
from test_orders import person_to_serve, worker_phone

MIN_TEXT_PX = 18
MIN_TARGET_PX = 44
MAIN_ACTION_PX = 60

# Returns what breaks the rules on the page as it is now: the scroll widths, then the visible
# texts under the minimum size and the visible targets under the minimum box, each described.
MEASURE = """({minText, minTarget}) => {
  const seen = el => {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    // Text for screen readers only (clipped to 1 px) and a skip link parked off-screen are not seen.
    return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom + window.scrollY > 0;
  };
  const describe = el => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
    return el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().replace(/\\s+/g, ".") : "")
      + (text ? ` "${text.slice(0, 24)}"` : "");
  };
  const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "");
  const typed = el => el.matches("textarea, select, input:not([type=hidden], [type=radio], [type=checkbox])");
  const smallText = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!(ownText(el) || typed(el)) || !seen(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minText) smallText.push(`${describe(el)} ${size}px`);
  }
  const smallTargets = [];
  const targets = "a, button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  for (const el of document.body.querySelectorAll(targets)) {
    if (!seen(el)) continue;
    // A radio or checkbox inside its label is pressed anywhere on the label: the label is the target.
    const box = (el.matches("input") && el.closest("label") || el).getBoundingClientRect();
    if (box.width < minTarget || box.height < minTarget) {
      smallTargets.push(`${describe(el)} ${Math.round(box.width * 10) / 10}×${Math.round(box.height * 10) / 10}px`);
    }
  }
  const scroller = document.scrollingElement;
  return {scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth, smallText, smallTargets};
}"""


class Rules:
    """Checks pages against the rules as the test walks through them, and keeps what breaks
    them, so that one run names every page's problems; `assert_met` fails on any."""

    def __init__(self):
        self.problems = []

    def watch(self, pg):
        """Fails the test on every alert, confirm or prompt `pg` opens (and dismisses it)."""
        def opened(dialog):
            self.problems.append(f"{pg.url}: a {dialog.type} dialog opened: {dialog.message}")
            dialog.dismiss()
        pg.on("dialog", opened)

    def check(self, pg, name, main_actions=()):
        """The page as it is now; `main_actions` are locators of the elder's main actions
        (every match must be at least 60 px tall)."""
        pg.wait_for_load_state("load")       # the style sheet too, not only the text the test waited for
        found = pg.evaluate(MEASURE, {"minText": MIN_TEXT_PX, "minTarget": MIN_TARGET_PX})
        problems = []
        # A phone's browser widens its window to fit what is too wide (window.innerWidth grows with
        # the page), so the page is measured against the phone's screen as well.
        width = min(found["innerWidth"], pg.viewport_size["width"])
        if found["scrollWidth"] > width:
            problems.append(f"scrolls sideways: {found['scrollWidth']} px wide on a {width} px screen")
        problems += [f"text under {MIN_TEXT_PX} px: {t}" for t in found["smallText"]]
        problems += [f"target under {MIN_TARGET_PX}×{MIN_TARGET_PX} px: {t}" for t in found["smallTargets"]]
        for action in main_actions:
            expect(action.first).to_be_visible()
            for one in action.all():
                height = one.bounding_box()["height"]
                if height < MAIN_ACTION_PX:
                    problems.append(f"main action under {MAIN_ACTION_PX} px: \"{one.inner_text().strip()}\" {height:.1f}px tall")
        try:
            assert_accessible(pg, name)
        except AssertionError as axe:
            problems.append(f"axe: {str(axe).splitlines()[0]}")
        shot(pg, f"elder-phone-{name}")
        if problems:
            self.problems.append(f"{name} ({pg.url}):\n    " + "\n    ".join(problems))

    def assert_met(self):
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture()
def rules():
    return Rules()


def test_the_login_page_is_elder_friendly(phone, rules):
    rules.watch(phone)
    phone.goto(BASE + "/login")
    rules.check(phone, "login")
    # Asked a code, the page shows the second step (a number no account has: nothing is sent).
    phone.get_by_role("textbox", name="手机号").fill("13900005678")
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.locator("#phone-code-sent")).to_be_visible()
    rules.check(phone, "login-code")
    rules.assert_met()


def test_the_family_and_worker_pages_are_elder_friendly(page, phone, browser, rules):
    elder_id, name, lat, lon = person_to_serve(page)
    rules.watch(phone)
    sign_in(phone, "elder")
    phone.goto(BASE + "/family")
    rules.check(phone, "family", [phone.locator(".familycards").get_by_role("link", name="叫服务")])
    phone.goto(BASE + f"/family/{elder_id}")
    expect(phone.locator("main")).to_contain_text(name)
    rules.check(phone, "family-person")

    # /care lists the people to choose from, or (one person only) goes straight to the services.
    phone.goto(BASE + "/care")
    sos = phone.locator("main").get_by_role("link", name="紧急求助", exact=True)
    call = phone.locator(".servicegrid a, .familycards a.primary")  # a service, or a person to call one for
    rules.check(phone, "care", [call, sos])
    phone.goto(BASE + f"/care/{elder_id}")
    services = phone.locator(".servicegrid").get_by_role("link")
    rules.check(phone, "care-person", [services, sos])

    phone.get_by_role("link", name="助餐", exact=True).click()
    expect(phone.get_by_role("heading", name="确认叫服务")).to_be_visible()
    confirm = phone.get_by_role("button", name="确认，尽快上门")
    rules.check(phone, "care-confirm", [confirm])
    phone.locator("summary").click()                      # 预约其他时间: the fields it opens
    expect(phone.get_by_label("要交代的事（可不填）")).to_be_visible()
    rules.check(phone, "care-confirm-later", [confirm])

    context, worker = worker_phone(browser, lat, lon)
    try:
        rules.watch(worker)
        sign_in(worker, "worker")
        # Off duty, then on duty where the elder lives (the page sends the phone's position).
        worker.goto(BASE + "/worker")
        off = worker.get_by_role("button", name="下班")
        if off.count() > 0:
            off.click()
            expect(worker.get_by_role("status")).to_contain_text("已下班")
        rules.check(worker, "worker-off-duty")
        worker.get_by_role("button", name="上班").click()
        expect(worker.get_by_role("status")).to_contain_text("已上班")
        rules.check(worker, "worker-on-duty")

        confirm.click()
        expect(phone.locator(".bigstatus")).to_contain_text("等服务人员接单")
        rules.check(phone, "care-order")
        order_id = phone.url.rsplit("/", 1)[-1]

        job = worker.locator(f".job[data-order='{order_id}']")
        expect(job).to_contain_text(name, timeout=2000)
        rules.check(worker, "worker-offer")
        job.get_by_role("button", name="接单").click()
        expect(worker.get_by_role("status")).to_contain_text("已接单")
        rules.check(worker, "worker-accepted")
        job.get_by_role("button", name="出发").click()
        expect(job.get_by_role("link", name="导航到服务地址")).to_be_visible()
        rules.check(worker, "worker-on-the-way")
        job.get_by_role("button", name="到达签到").click()
        expect(worker.get_by_role("status")).to_contain_text("已签到")
        rules.check(worker, "worker-in-service")

        expect(phone.locator(".bigstatus")).to_contain_text("正在服务", timeout=2000)
        rules.check(phone, "care-order-code")
        code = phone.locator("[data-code]").inner_text().strip()
        job.get_by_label("服务记录").fill("送餐到家，协助用餐")
        job.get_by_label("老人的确认码（4 位数字）").fill(code)
        job.get_by_role("button", name="服务完成，签退").click()
        expect(worker.get_by_role("status")).to_contain_text("服务完成")
    finally:
        context.close()

    # Rated five stars, as test_orders rates: the worker stays first in line for its 助餐 orders.
    expect(phone.locator(".bigstatus")).to_contain_text("请给这次服务打个分", timeout=2000)
    rules.check(phone, "care-order-rate")
    phone.get_by_label(re.compile("很满意")).check()
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_role("status").first).to_contain_text("谢谢您的评价")
    rules.check(phone, "care-order-rated")

    phone.goto(BASE + f"/care/{elder_id}")
    sos.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("紧急求助")
    rules.check(phone, "care-sos", [phone.get_by_role("button", name="确认求助")])
    phone.get_by_role("button", name="确认求助").click()
    expect(phone.get_by_role("status")).to_contain_text("专线已收到求助")
    rules.check(phone, "care-sos-alarm")
    rules.assert_met()

    # The hotline closes the alarm, so the board is left as the test found it.
    alarm_id = re.search(r"/care/alarms/([^/?]+)", phone.url).group(1)
    sign_in(page, "hotline")
    page.goto(BASE + f"/alarms/{alarm_id}")
    page.get_by_role("button", name="接警").click()
    expect(page.get_by_role("status")).to_contain_text("已记录")
    page.get_by_label("结案结果").select_option("false_alarm")
    page.get_by_role("button", name="结案").click()
    expect(page.locator("h1")).to_contain_text("已结案")

"""基本养老服务清单: the public page anyone can read without signing in, and a county officer
drafting a new version that may not fall below the city's list."""
import datetime
import re

from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible

COUNTY = "410902000000"
FAR_FUTURE = datetime.date(2099, 1, 1)


def open_public_county_list(pg):
    pg.goto(BASE + "/service-list")
    expect(pg.get_by_role("heading", level=1, name="基本养老服务清单")).to_be_visible()
    pg.get_by_role("link", name=re.compile(r"^华龙区基本养老服务清单")).click()
    expect(pg.get_by_role("heading", level=1)).to_contain_text("华龙区基本养老服务清单")


def assert_county_list_content(pg):
    for section in ["物质帮助", "照护服务", "关爱服务"]:
        expect(pg.get_by_role("heading", level=2, name=section, exact=True)).to_be_visible()
    expect(pg.get_by_role("rowheader", name="老年助餐", exact=True)).to_be_visible()
    allowance = pg.get_by_role("row").filter(has=pg.get_by_role("rowheader", name="高龄津贴", exact=True))
    expect(allowance).to_have_count(1)
    expect(allowance).to_contain_text("每月 60 元")


def test_the_public_list_needs_no_sign_in(page):
    res = page.goto(BASE + "/service-list")
    assert res.status == 200
    assert "/login" not in page.url
    expect(page.get_by_role("heading", level=1, name="基本养老服务清单")).to_be_visible()
    expect(page.get_by_role("navigation", name="主导航")).to_have_count(0)   # nobody is signed in
    expect(page.get_by_role("link", name=re.compile(r"^濮阳市基本养老服务清单"))).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^华龙区基本养老服务清单"))).to_have_count(1)
    assert_accessible(page, "service-list-index")
    shot(page, "service-list-index")

    open_public_county_list(page)
    assert_county_list_content(page)
    expect(page.locator("main")).to_contain_text("施行日期")
    assert_accessible(page, "service-list-county")
    shot(page, "service-list-county")
    page.get_by_role("link", name="← 全部清单").click()
    page.get_by_role("link", name=re.compile(r"^濮阳市基本养老服务清单")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("濮阳市基本养老服务清单")
    allowance = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="高龄津贴", exact=True))
    expect(allowance).to_contain_text("每月 50 元")
    expect(page.get_by_role("rowheader", name="老年助餐", exact=True)).to_have_count(0)   # the county's own item


def test_the_public_list_reads_on_a_phone(phone):
    # At 390 px the list's tables are wider than the screen: each .tablewrap scrolls sideways,
    # so it must be reachable by keyboard (axe: scrollable-region-focusable).
    phone.goto(BASE + "/service-list")
    expect(phone.get_by_role("heading", level=1, name="基本养老服务清单")).to_be_visible()
    assert_accessible(phone, "service-list-index-phone")
    shot(phone, "service-list-index-phone")
    open_public_county_list(phone)
    assert_county_list_content(phone)
    assert_accessible(phone, "service-list-county-phone")
    shot(phone, "service-list-county-phone")


def next_free_start(page):
    """A start date later than every version of the county's list, so publishing is allowed
    however often the test has run against this database."""
    start = FAR_FUTURE
    for row in page.locator("table tbody tr").filter(has_text=COUNTY).all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        day = datetime.date.fromisoformat(cells[2])
        start = max(start, day + datetime.timedelta(days=1))
    return start


def caring_visits(page):
    return page.locator("details").filter(has=page.locator("summary", has_text="探访关爱"))


def set_caring_visits(page, times, period):
    item = caring_visits(page)
    if not item.evaluate("d => d.open"):
        item.locator("summary").click()
    expect(item.get_by_label("数值（金额以元计，可有两位小数；次数为整数）")).to_be_visible()
    expect(item.get_by_label("标准类型")).to_have_value("frequency")
    item.get_by_label("数值（金额以元计，可有两位小数；次数为整数）").fill(str(times))
    item.get_by_label("周期").select_option(label=period)
    item.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    expect(caring_visits(page).locator("summary")).to_contain_text(f"{period} {times} 次")


def test_a_county_draft_may_not_fall_below_the_city_list(page):
    sign_in(page, "county.410902")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="服务清单").click()
    expect(page.get_by_role("heading", level=1, name="服务清单管理")).to_be_visible()
    start = next_free_start(page)

    page.get_by_label("所属区域").select_option(value=COUNTY)
    page.get_by_label("版本").fill("2099版")
    page.get_by_label("施行日期").fill(start.isoformat())
    page.get_by_role("button", name="起草").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("华龙区基本养老服务清单（2099版）")
    expect(heading).to_contain_text("草稿")
    expect(page.get_by_label("施行日期")).to_have_value(start.isoformat())
    # The draft starts from the county's list in force: its own item and raised standards.
    expect(page.locator("details summary", has_text="老年助餐")).to_have_count(1)
    expect(caring_visits(page).locator("summary")).to_contain_text("每月 2 次")
    caring_visits(page).locator("summary").click()
    assert_accessible(page, "service-list-edit")
    shot(page, "service-list-edit")

    # Once a quarter is less than the city's once a month: publishing is refused.
    set_caring_visits(page, 1, "每季度")
    page.get_by_role("button", name="发布", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("未能保存或发布")
    expect(alert).to_contain_text("探访关爱")
    expect(alert).to_contain_text("低于上级清单")
    expect(alert).to_contain_text("每季度 1 次")
    expect(alert).to_contain_text("每月 1 次")
    expect(heading).to_contain_text("草稿")
    assert_accessible(page, "service-list-refused")
    shot(page, "service-list-refused")

    # Twice a month again, and it publishes.
    set_caring_visits(page, 2, "每月")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("清单已发布")
    expect(heading).to_contain_text("已发布")
    expect(page.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="探访关爱", exact=True))
    expect(row).to_contain_text("每月 2 次")
    assert_accessible(page, "service-list-published")
    shot(page, "service-list-published")

    # Published and in the future: the public page of this version is there, the index still
    # shows the version in force today.
    page.get_by_role("link", name="公开页面").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("华龙区基本养老服务清单（2099版）")
    expect(page.locator("main")).to_contain_text(start.isoformat())
    page.get_by_role("link", name="← 全部清单").click()
    expect(page.get_by_role("link", name=re.compile(r"^华龙区基本养老服务清单"))).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"（2099版）"))).to_have_count(0)

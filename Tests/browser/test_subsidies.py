"""补贴发放 as a county officer does it: compute a month, read the totals per township and
scheme, download each payment list and check it adds up to what the screen says.

Months are chosen so no other test file meets them and the demo's year of city runs (the
twelve months before today) does not cover them: 2030-10 is computed and left open
(待审核); 2030-09 is the only month this suite approves and locks."""
import re
from decimal import Decimal

from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import sign_in, shot
from test_console import assert_accessible

REGION = "410902000000"
OPEN_MONTH = "2030-10"
LOCKED_MONTH = "2030-09"
HEADER = ["序号", "姓名", "身份证号", "所属村（社区）", "村（社区）代码", "补贴项目", "金额（元）", "发放方式", "开户银行", "账号", "计算依据"]
FULL_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")


def open_subsidies(page):
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="补贴发放").click()
    expect(page.get_by_role("heading", level=1, name="补贴发放")).to_be_visible()


def compute(page, month, region=REGION):
    page.get_by_label("月份").fill(month)
    page.get_by_label("所属区域").fill(region)
    page.get_by_role("button", name="计算本月补贴").click()
    page.wait_for_load_state("networkidle")


def amount(value):
    return Decimal(str(value).strip())


def test_a_county_officer_computes_a_month_and_the_payment_lists_add_up(page, tmp_path):
    sign_in(page, "county.410902")
    open_subsidies(page)
    assert_accessible(page, "subsidies")
    shot(page, "subsidies")

    compute(page, OPEN_MONTH)
    expect(page.get_by_role("heading", level=1)).to_contain_text(OPEN_MONTH)
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审核")
    expect(page.get_by_role("status")).to_contain_text("笔")
    expect(page.get_by_role("heading", level=2, name="按乡镇（街道）和补贴项目汇总")).to_be_visible()
    rows = page.locator("table.totals tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert count >= 2, f"the tiny demo should pay at least two township/scheme lines, saw {count}"
    assert_accessible(page, "subsidy-run")
    shot(page, "subsidy-run")

    screen_total = Decimal(0)
    screen_lines = 0
    for i in range(count):
        cells = [c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
        assert re.search(r"[\u4e00-\u9fff]", cells[0]) and not re.search(r"\d", cells[0]), cells  # the township by name
        assert cells[1], cells
        screen_lines += int(cells[2])
        screen_total += amount(cells[3])
        assert cells[4] == "XLSX", cells
    facts = page.locator("dl.facts")
    assert int(facts.locator("div", has_text="笔数").locator("dd").inner_text()) == screen_lines
    assert amount(facts.locator("dd[data-total]").inner_text()) == screen_total

    # Two payment lists: the first row and the last (another township or another scheme).
    for i in sorted({0, count - 1}):
        row = rows.nth(i)
        township, scheme, lines, total = [c.strip() for c in row.locator("td").all_inner_texts()[:4]]
        code = row.locator("td").first.get_attribute("title")  # the township's code, a detail of its name
        with page.expect_download() as info:
            row.get_by_role("link", name="XLSX").click()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
        path = tmp_path / f"list-{i}.xlsx"
        download.save_as(path)
        sheet = load_workbook(path).active
        table = [[c.value for c in r] for r in sheet.iter_rows()]
        assert table[0] == HEADER, table[0]
        data, last = table[1:-1], table[-1]
        assert last[0] == "合计", last
        assert amount(last[6]) == amount(total), (township, scheme, last, total)
        assert len(data) == int(lines), (township, scheme, len(data), lines)
        assert f"{lines} 人次" == last[1], last
        assert sum((amount(r[6]) for r in data), Decimal(0)) == amount(total)
        # Amounts are numbers a spreadsheet can add up; villages have their names.
        assert all(isinstance(r[6], (int, float)) for r in data) and isinstance(last[6], (int, float)), last
        for n, r in enumerate(data, start=1):
            assert str(r[0]) == str(n), r
            assert r[4].startswith(code[:9]), (township, code, r)
            assert r[3] and not r[3].isdigit(), r
            assert r[5] == scheme, (scheme, r)
            assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", r[2]), r
        for r in table:
            for value in r:
                assert value is None or not FULL_ID.search(str(value)), f"an unmasked ID number in the payment list: {value!r}"

    # The whole run's list carries the run's total.
    with page.expect_download() as info:
        page.get_by_role("link", name="下载全部发放名单").click()
    path = tmp_path / "all.xlsx"
    info.value.save_as(path)
    table = [[c.value for c in r] for r in load_workbook(path).active.iter_rows()]
    assert table[0] == HEADER and table[-1][0] == "合计", (table[0], table[-1])
    assert len(table) - 2 == screen_lines
    assert amount(table[-1][6]) == screen_total

    # Computing the same month again changes nothing.
    page.get_by_role("link", name="← 补贴发放").click()
    compute(page, OPEN_MONTH)
    expect(page.get_by_role("status")).to_contain_text("事实未变，与上次计算相同，未作改动")
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审核")
    shot(page, "subsidy-run-unchanged")
    page.get_by_role("link", name="← 补贴发放").click()
    listed = page.locator("table tbody tr", has=page.get_by_role("link", name=OPEN_MONTH, exact=True))
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("待审核")


def test_an_approved_month_is_locked_against_recomputation(page):
    sign_in(page, "county.410902")
    open_subsidies(page)
    compute(page, LOCKED_MONTH)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(LOCKED_MONTH)
    expect(heading).to_contain_text("待审核")
    expect(page.get_by_text("审核通过后本月发放锁定，不能再重新计算。")).to_be_visible()
    page.get_by_role("button", name="审核通过并锁定").click()
    expect(page.get_by_role("status")).to_contain_text("本月补贴已审核并锁定")
    expect(heading).to_contain_text("已审核锁定")
    expect(page.locator("dl.facts")).to_contain_text("审核人")
    expect(page.get_by_role("button", name="审核通过并锁定")).to_have_count(0)
    assert_accessible(page, "subsidy-run-approved")
    shot(page, "subsidy-run-approved")

    page.get_by_role("link", name="← 补贴发放").click()
    compute(page, LOCKED_MONTH)
    expect(page.get_by_role("alert")).to_contain_text("已审核并锁定")
    expect(page.get_by_role("alert")).to_contain_text(LOCKED_MONTH)
    expect(page.get_by_role("heading", level=1, name="补贴发放")).to_be_visible()
    listed = page.locator("table tbody tr", has=page.get_by_role("link", name=LOCKED_MONTH, exact=True))
    expect(listed).to_contain_text("已审核锁定")
    shot(page, "subsidy-locked")

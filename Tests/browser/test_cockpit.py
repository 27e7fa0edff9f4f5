"""The cockpit as a city officer uses it: from the city down to a village and the people behind a number, and back."""
import re

from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible


def test_city_officer_drills_from_the_city_to_the_people_behind_a_number_and_back(page):
    sign_in(page, "city")
    expect(page.get_by_role("heading", level=1)).to_have_text("濮阳市 · 驾驶舱")
    expect(page.locator(".tiles .stat").first).to_be_visible()
    expect(page.locator("#focus svg title")).to_have_count(1)
    assert_accessible(page, "cockpit-city")
    shot(page, "cockpit-city")
    # The children's numbers add up to the city's.
    total = int(page.inner_text("#focus-value").split()[0])
    values = [int(v.split()[0]) for v in page.locator("#children tbody td.num").all_inner_texts()]
    assert sum(values) == total and len(values) == 6

    crumbs = page.get_by_role("navigation", name="区域路径")
    page.locator("#children tbody a", has_text="华龙区").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("华龙区 · 驾驶舱")
    expect(crumbs.get_by_role("link", name="濮阳市")).to_be_visible()
    page.locator("#children tbody tr td:first-child a").first.click()
    township = page.get_by_role("heading", level=1).inner_text()
    page.locator("#children tbody tr td:first-child a").first.click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(township)
    village = page.get_by_role("heading", level=1).inner_text().replace(" · 驾驶舱", "")
    # A village has no region below: the number leads to its people.
    expect(page.locator("#children")).to_have_count(0)
    count = int(page.inner_text("#focus-value").split()[0])
    assert_accessible(page, "cockpit-village")
    shot(page, "cockpit-village")
    page.locator("#focus-drill").click()
    expect(page).to_have_url(re.compile(r"/elders\?region=\d{12}$"))
    # The list holds exactly the people the number counts.
    expect(page.locator(".pager .muted").first).to_contain_text(f"共 {count} 条")
    ids = page.locator("table tbody").inner_text()
    assert re.search(r"\d{6}\*{8}\d{3}[\dX]", ids), "IDs are masked"
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{village} · 驾驶舱")
    crumbs.get_by_role("link", name="濮阳市").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("濮阳市 · 驾驶舱")


def test_the_period_and_the_figure_in_focus_change_the_charts(page):
    sign_in(page, "city")
    page.locator("#figures-orders a", has_text="服务工单").first.click()
    expect(page.locator("#focus-h")).to_contain_text("服务工单")
    expect(page.locator("#months tbody tr")).to_have_count(12)
    page.get_by_label("统计期").select_option(index=13)
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".pagehead .muted")).to_contain_text("季度")
    expect(page.locator("#focus-h")).to_contain_text("服务工单")
    assert_accessible(page, "cockpit-quarter")


def test_the_monthly_report_ranks_alike_on_screen_in_xlsx_and_in_pdf(page, tmp_path):
    import subprocess
    from openpyxl import load_workbook

    sign_in(page, "city")
    page.locator("#report-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("养老服务工作月通报")
    assert_accessible(page, "report")
    shot(page, "report")
    rows = page.locator("#ranking tbody tr")
    screen = [(int(r.locator("td").nth(0).inner_text()), r.locator("td").nth(1).inner_text(), float(r.locator("td").nth(2).inner_text()))
              for r in rows.all()]
    assert len(screen) == 6
    with page.expect_download() as info:
        page.locator("#report-xlsx").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    book = load_workbook(path)
    ranking = [r for r in book["排名"].iter_rows(values_only=True)][1:]
    assert [(int(r[0]), r[1], float(r[3])) for r in ranking] == screen
    # Numbers are numbers: a spreadsheet can add them up.
    figures = [r for r in book["指标"].iter_rows(values_only=True)]
    column = figures[0].index("在册老年人")
    assert sum(r[column] for r in figures[1:-1]) == figures[-1][column]
    with page.expect_download() as info:
        page.locator("#report-pdf").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    ranking_part = text[text.index("综合排名"):]
    positions = [ranking_part.index(f"{rank}. {name}") for rank, name, _ in screen]
    assert positions == sorted(positions), "the PDF lists the ranking in the screen's order"


def test_anyone_reads_the_public_statistics_without_signing_in_and_no_small_count_shows(page):
    page.goto(BASE + "/login")
    page.get_by_role("link", name="统计公开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("濮阳市 · 养老服务统计公开")
    assert_accessible(page, "public-statistics")
    shot(page, "public-statistics")
    smallest = int(re.search(r"少于 (\d+) 的数不公开", page.inner_text("#public-note")).group(1))

    def shown_counts():
        cells = page.locator("td.num, .stat .value").all_inner_texts()
        return [int(m.group(1)) for c in cells if (m := re.fullmatch(r"(\d+) (?:人|单|起|次)", c.strip()))]

    assert shown_counts() and min(shown_counts()) >= smallest
    # Down to a village of eight people: its counts are hidden, and nothing leads to a person.
    page.locator("#public-children a", has_text="华龙区").click()
    page.locator("#public-children tbody a").first.click()
    page.locator("#public-children tbody a").first.click()
    expect(page.locator(".stat .value").first).to_have_text(f"<{smallest}")
    assert all(n >= smallest for n in shown_counts())
    assert page.locator("a[href^='/elders'], a[href^='/orders'], a[href^='/cockpit']").count() == 0
    assert_accessible(page, "public-statistics-village")


def test_the_county_keeps_its_target_list(page):
    sign_in(page, "county.410902")
    page.locator("#targets-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("任务清单")
    page.get_by_label("年度").select_option("2022")
    page.get_by_role("button", name="查看").click()
    row = page.locator("#targets tbody tr", has_text="社区养老服务设施")
    expect(row).to_contain_text("逾期")
    expect(row).to_contain_text("86%")
    assert_accessible(page, "targets-2022")
    shot(page, "targets-2022")
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="查看").click()
    beds = page.locator("#targets tbody tr", has_text="养老床位")
    beds.locator("summary", has_text="填报进度").click()
    beds.get_by_label("当前值").fill("6100")
    beds.get_by_label("依据（文件、台账、验收记录）").fill("（测试）2025 年床位台账")
    beds.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("进度已填报")
    expect(page.locator("#targets tbody tr", has_text="养老床位")).to_contain_text("6100")
    assert_accessible(page, "targets-2025")

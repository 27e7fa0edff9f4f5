"""The console as a person uses it: sign in, browse the region tree, switch language, accessibility."""
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import BASE, sign_in, shot

# Moderate findings fail too (issue 20): only "minor" ones are left to judgement.
SERIOUS = {"moderate", "serious", "critical"}


def assert_accessible(page, name):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not bad, f"{name}: " + "; ".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in bad)


def test_login_page_is_accessible_and_rejects_a_wrong_password(page):
    page.goto(BASE + "/login")
    expect(page.get_by_role("heading", name="登录养老服务平台")).to_be_visible()
    assert_accessible(page, "login")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill("not-the-password-1")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")
    shot(page, "login-error")


def test_city_officer_browses_down_the_tree_with_breadcrumbs(page):
    sign_in(page, "city")
    page.get_by_role("link", name="区域", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("濮阳市")
    children = page.locator("table.children tbody tr")
    expect(children).to_have_count(6)
    for name in ["华龙区", "清丰县", "南乐县", "范县", "台前县", "濮阳县"]:
        expect(page.locator("table.children")).to_contain_text(name)
    assert_accessible(page, "city")
    shot(page, "city")
    page.get_by_role("link", name="华龙区").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("华龙区")
    crumbs = page.get_by_role("navigation", name="区域路径")
    expect(crumbs).to_contain_text("濮阳市")
    first_township = page.locator("table.children tbody tr a").first
    township_name = first_township.inner_text()
    first_township.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(township_name)
    expect(crumbs.get_by_role("link", name="华龙区")).to_be_visible()
    shot(page, "township")
    crumbs.get_by_role("link", name="濮阳市").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("濮阳市")


def test_search_by_name_finds_regions_below(page):
    sign_in(page, "city")
    page.get_by_role("link", name="区域", exact=True).click()
    page.get_by_label("在本区域下按名称查找").fill("街道")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", name="查找结果")).to_be_visible()
    expect(page.locator("section[aria-labelledby=results-h] tbody tr").first).to_be_visible()


def test_village_officer_cannot_open_another_village(page):
    sign_in(page, "village.410902001001")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    response = page.goto(BASE + "/regions/410902001002")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("不在您的管辖范围内")
    assert_accessible(page, "forbidden")
    shot(page, "forbidden")
    response = page.goto(BASE + "/regions/410902000000")
    assert response.status == 403


def test_switching_language_changes_the_whole_page_and_back(page):
    sign_in(page, "city")
    page.get_by_role("link", name="区域", exact=True).click()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("link", name="Regions")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("table.children thead")).to_contain_text("Sub-regions")
    assert_accessible(page, "city-en")
    shot(page, "city-en")
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("link", name="区域")).to_be_visible()


def test_admin_manages_accounts(page):
    sign_in(page, "admin")
    page.get_by_role("link", name="账号管理").click()
    expect(page.get_by_role("heading", name="账号管理")).to_be_visible()
    assert_accessible(page, "users")
    shot(page, "users")
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill("browser.user")
    page.get_by_label("姓名/名称").fill("浏览器测试员")
    page.get_by_label("角色").select_option("village_officer")
    page.get_by_label("所属区域").fill("410900000000")
    page.get_by_label("密码").fill("browser-user-pass-1")
    page.get_by_role("button", name="创建账号").click()
    expect(page.locator("#form-error")).to_contain_text("不能绑定到")
    assert_accessible(page, "user-form-error")
    page.get_by_label("所属区域").fill("410902001001")
    page.get_by_label("密码").fill("browser-user-pass-1")
    page.get_by_role("button", name="创建账号").click()
    expect(page.get_by_role("status")).to_contain_text("browser.user")
    page.get_by_label("停用此账号（停用后立即失去访问权限）").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    page.goto(BASE + "/admin/users?q=browser.user")
    expect(page.locator("tbody")).to_contain_text("已停用")
    page.goto(BASE + "/admin/audit?action=user.update")
    expect(page.locator("tbody")).to_contain_text("disabled")
    assert_accessible(page, "audit")
    shot(page, "audit")


def test_console_reads_well_on_a_phone(phone):
    sign_in(phone, "county.410902")
    expect(phone.get_by_role("heading", level=1)).to_have_text("华龙区 · 驾驶舱")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page is {width}px wide on a 390px phone"
    shot(phone, "phone-county")


def test_unknown_page_shows_a_friendly_404(page):
    response = page.goto(BASE + "/no/such/page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    assert_accessible(page, "404")


def test_admin_sees_region_changes_and_enters_population(page):
    sign_in(page, "admin")
    page.goto(BASE + "/regions/410902100000")
    expect(page.get_by_role("heading", name="区划调整")).to_be_visible()
    expect(page.locator("#retire-form")).to_be_visible()
    page.get_by_label("年份").fill("2023")
    page.get_by_label("常住人口").fill("42000")
    page.get_by_label("60 岁及以上").fill("8400")
    page.get_by_label("来源").fill("镇统计站")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#population")).to_contain_text("2023 年 · 镇统计站")
    expect(page.locator("#population")).to_contain_text("20.00%")
    assert_accessible(page, "region-manage")
    shot(page, "region-manage")


def test_admin_imports_a_region_file_after_its_preview(page, tmp_path):
    sign_in(page, "admin")
    page.goto(BASE + "/regions/410902001000")
    page.get_by_role("link", name="导入区划文件").click()
    file = tmp_path / "区划.csv"
    file.write_text("代码,名称\n410902001096,浏览器新社区居民委员会\n", encoding="gb18030")
    page.get_by_label("文件").set_input_files(str(file))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#region-import-counts")).to_contain_text("新增")
    assert_accessible(page, "region-import-preview")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".flash")).to_contain_text("区划已导入：新增 1")
    page.goto(BASE + "/regions/410902001000")
    expect(page.get_by_role("link", name="浏览器新社区居民委员会")).to_be_visible()


def test_a_volunteer_lands_on_a_start_page_that_says_what_it_can_do(page):
    sign_in(page, "volunteer")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的工作台")
    expect(page.locator("#start-upcoming")).to_contain_text("时间银行")
    assert_accessible(page, "start-volunteer")
    shot(page, "start-volunteer")
    page.get_by_role("link", name="基本养老服务清单").click()
    expect(page).to_have_url(re.compile(r"/service-list"))


def test_the_pager_jumps_to_a_page_and_shows_the_current_one(page):
    sign_in(page, "city")
    page.goto(BASE + "/elders?sort=name")
    page.get_by_label("跳到第几页").fill("3")
    page.get_by_role("button", name="跳转").click()
    current = page.locator(".pager [aria-current=page]")
    expect(current).to_have_text("3")
    assert "sort=name" in page.url
    # The current page stands out: white on the brand colour, not white on white.
    assert current.evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(255, 255, 255)"
    assert_accessible(page, "elders-page-3")

"""The assessor's tablet form (one part per screen, live subtotal, saved as it goes), the
result in C.1–C.5 order, and the township's approval."""
import pytest
from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible
from test_family_and_work_items import api_token


@pytest.fixture()
def tablet(browser):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, locale="zh-CN", has_touch=True)
    pg = context.new_page()
    yield pg
    context.close()


def a_person_to_assess(page):
    """(id, name) of an active person of village 410902001001 other than those the other tests use."""
    token = api_token(page, "city")
    res = page.request.get(BASE + "/api/v1/elders?region=410902001001&status=active&per=5&sort=name",
                           headers={"Authorization": f"Bearer {token}"})
    assert res.ok, res.text()
    item = res.json()["items"][2]
    return item["id"], item["name"]


def test_an_assessor_fills_the_form_on_a_tablet_and_the_township_approves(page, tablet):
    elder_id, name = a_person_to_assess(page)
    sign_in(tablet, "assessor")
    tablet.goto(BASE + f"/elders/{elder_id}")
    tablet.get_by_label("评估原因").select_option(label="首次评估")
    tablet.get_by_role("button", name="开始评估").click()

    # A: the Annex A facts.
    expect(tablet.get_by_role("heading", name="A 基本信息")).to_be_visible()
    tablet.get_by_label("A.2.14.1 跌倒").select_option(label="发生过1次")
    tablet.get_by_label("A.2.14.3 噎食").select_option(label="发生过1次")
    tablet.get_by_label("A.4.1 疾病诊断（ICD-10 编码）").fill("I10")
    assert_accessible(tablet, "assessment-facts")
    tablet.get_by_role("button", name="保存并继续").click()

    # B.1: every item at its best; the subtotal follows each tap before anything is saved.
    expect(tablet.get_by_role("heading", name="B.1 自理能力")).to_be_visible()
    items = tablet.locator("fieldset.item")
    expect(items).to_have_count(8)
    for i in range(8):
        items.nth(i).locator("label.option").first.click()
    expect(tablet.locator("[data-subtotal-value]")).to_have_text("32")
    expect(tablet.locator("[data-answered]")).to_have_text("8")
    assert_accessible(tablet, "assessment-dimension")
    shot(tablet, "assessment-tablet-b1")
    tablet.get_by_role("button", name="保存并继续").click()

    # B.2 to B.4: the worst option everywhere (so the person is 完全失能 before the rules).
    for heading in ["B.2 基础运动能力", "B.3 精神状态", "B.4 感知觉与社会参与"]:
        expect(tablet.get_by_role("heading", name=heading)).to_be_visible()
        group = tablet.locator("fieldset.item")
        for i in range(group.count()):
            group.nth(i).locator("label.option").last.click()
        expect(tablet.locator("[data-subtotal-value]")).to_have_text("0")
        tablet.get_by_role("button", name="保存并继续").click()

    # The draft resumes where it was: B.1 still shows its answers.
    tablet.get_by_role("link", name="B.1 自理能力").click()
    expect(tablet.locator("[data-subtotal-value]")).to_have_text("32")
    tablet.get_by_role("link", name="核对与提交").click()
    expect(tablet.locator("main")).to_contain_text("全部项目已评分")
    tablet.get_by_role("button", name="提交审核").click()
    expect(tablet.get_by_role("status")).to_contain_text("评估已提交审核")
    result = tablet.locator("section", has_text="评估结果")
    expect(result).to_contain_text("C.2 初步等级得分")
    expect(result).to_contain_text("32")
    expect(result).to_contain_text("近30天内发生过2次及以上照护风险事件")
    assert_accessible(tablet, "assessment-result")
    shot(tablet, "assessment-result")

    sign_in(page, "township.410902001")
    page.goto(BASE + f"/elders/{elder_id}")
    page.locator("table a").first.click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_role("status")).to_contain_text("审核通过")
    page.goto(BASE + f"/elders/{elder_id}")
    expect(page.locator("main")).to_contain_text("现行")
    expect(page.locator("main")).to_contain_text("完全失能")
    expect(page.locator("main")).to_contain_text("失能")

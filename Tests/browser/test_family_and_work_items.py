"""The family view (an elder's family sees only its own people) and the village's queue of
work items that other departments' records raise."""
import datetime
import re
import time

from playwright.sync_api import expect

from conftest import BASE, PASSWORD, sign_in, shot
from test_console import assert_accessible


def api_token(page, username):
    res = page.request.post(BASE + "/api/v1/auth/login", data={"username": username, "password": PASSWORD})
    assert res.ok, res.text()
    return res.json()["token"]


def first_person_of(page, village, besides=()):
    """(id, name) of the first active person of a village not named in `besides`, read through the API as the city."""
    token = api_token(page, "city")
    res = page.request.get(BASE + f"/api/v1/elders?region={village}&status=active&per=10&sort=name",
                           headers={"Authorization": f"Bearer {token}"})
    assert res.ok, res.text()
    item = next(i for i in res.json()["items"] if i["name"] not in besides)
    return item["id"], item["name"]


def test_a_family_member_sees_only_the_bound_person(page, phone):
    # The demo binds the account to one person already (other tests may bind more): whom it sees before.
    sign_in(phone, "elder")
    phone.goto(BASE + "/family")
    before = [text.split()[0] for text in phone.locator(".familycards li h2").all_inner_texts()]
    assert before, "the demo family account should come bound to a person"
    elder_id, name = first_person_of(page, "410902001001", besides=before)
    sign_in(page, "village.410902001001")
    page.goto(BASE + f"/elders/{elder_id}")
    page.get_by_label("家属账号用户名").fill("elder")
    page.get_by_label("关系").last.fill("女儿")
    page.get_by_role("button", name="绑定").click()
    expect(page.get_by_role("status")).to_contain_text("已绑定家属账号")

    phone.goto(BASE + "/")
    phone.get_by_role("link", name="我的家人").first.click()
    card = phone.locator(".familycards li", has_text=name)
    expect(card).to_be_visible()
    expect(phone.locator(".familycards li")).to_have_count(len(before) + 1)
    assert_accessible(phone, "family-list")
    shot(phone, "family-list")
    card.get_by_role("link", name="查看详细信息").click()
    expect(phone.locator("main")).to_contain_text(name)
    # The family reads its person as a family does: no officers' audit warning, the ID number masked.
    expect(phone.get_by_role("note")).to_have_count(0)
    expect(phone.locator("main")).to_contain_text("********")
    assert_accessible(phone, "family-person")
    shot(phone, "family-person")

    # A family account has no register: the list and another person's page are refused.
    res = phone.goto(BASE + "/elders")
    assert res.status == 403
    other_id, _ = first_person_of(page, "410902001002")
    res = phone.goto(BASE + f"/family/{other_id}")
    assert res.status == 404


def test_a_death_record_raises_a_work_item_the_village_closes(page):
    elder_id, name = first_person_of(page, "410902001002")
    token = api_token(page, "city")
    headers = {"Authorization": f"Bearer {token}"}
    full = page.request.get(BASE + f"/api/v1/elders/{elder_id}", headers=headers).json()
    day = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    res = page.request.post(BASE + "/api/v1/feeds/public_security", headers=headers,
                            data={"records": [{"citizenId": full["citizenId"], "event": "death", "date": day}]})
    assert res.ok, res.text()
    assert res.json()["workItems"] == 1

    sign_in(page, "village.410902001002")
    page.get_by_role("link", name="待办事项").first.click()
    item = page.locator("li.item", has_text=name)
    expect(item).to_be_visible()
    assert_accessible(page, "work-items")
    shot(page, "work-items")
    item.get_by_label("处理说明").fill("已入户核实")
    item.get_by_role("button", name="办结").click()
    expect(page.get_by_role("status")).to_contain_text("待办事项已处理")
    expect(page.locator("li.item", has_text=name)).to_have_count(0)   # the queue shows open items
    page.get_by_label("状态").select_option(label="已办结")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("li.item", has_text=name)).to_contain_text("已入户核实")

    # The person is now recorded as deceased on that day.
    person = page.request.get(BASE + f"/api/v1/elders/{elder_id}", headers=headers).json()
    assert person["status"] == "deceased" and person["statusDate"] == day


def test_the_family_signs_in_with_a_phone_number_and_a_code(phone, sms):
    mobile = "13900001234"  # the demo family's phone
    phone.goto(BASE + "/login")
    phone.get_by_label("手机号", exact=True).fill(mobile)
    already = len(sms.texts_to(mobile))
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.locator("#phone-code-sent")).to_be_visible()
    text = sms.wait_for_text(mobile, after=already)
    code = re.search(r"验证码为 (\d{6})", text).group(1)
    wrong = "000000" if code != "000000" else "111111"
    phone.get_by_label("验证码").fill(wrong)
    phone.get_by_role("button", name="用验证码进入").click()
    expect(phone.locator("#phone-login-error")).to_contain_text("验证码不正确")
    phone.get_by_label("验证码").fill(code)
    phone.get_by_role("button", name="用验证码进入").click()
    phone.wait_for_load_state("networkidle")
    assert "/login" not in phone.url
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    shot(phone, "phone-login")
    # The code is spent: signing in with it again fails.
    res = phone.request.post(BASE + "/api/v1/auth/phone", data={"phone": mobile, "code": code})
    assert res.status == 401, res.text()
    # A number no account has gets the same answer and no message.
    res = phone.request.post(BASE + "/api/v1/auth/code", data={"phone": "13900009999"})
    assert res.status == 202, res.text()
    time.sleep(3)
    assert sms.texts_to("13900009999") == []

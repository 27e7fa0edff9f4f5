#!/usr/bin/env python3
"""Writes N register rows as CSV with the template's Chinese headers: valid, unique ID
numbers (GB 11643 check characters) whose county matches the village, ages 60-100,
phones, categories and a contact on most rows.

    make_csv.py VILLAGES_FILE ROWS OUT.csv [SEED]

VILLAGES_FILE holds one 12-digit village code per line (from the database to import into).
"""
import random
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建国志强明德福全文华保国永庆新民振海金山长春世杰清秀兰桂英玉珍淑芬凤春梅翠花素月娥美玲"
CATS = ["低保", "独居", "空巢", "失能", "半失能", "特困", "低收入"]


def check(body):
    return C[sum(int(a) * w for a, w in zip(body, W)) % 11]


def main():
    villages_file, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
    villages = [v.strip() for v in open(villages_file) if v.strip()]
    used = set()
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("身份证号,姓名,所属村（社区）代码,联系电话,住址,人员类别,紧急联系人,联系人关系,联系人电话,纬度,经度\r\n")
        n = 0
        while n < rows:
            village = villages[n % len(villages)]
            year = rng.randint(1926, 1965)
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            seq = rng.randint(1, 999)
            body = f"{village[:6]}{year:04d}{month:02d}{day:02d}{seq:03d}"
            if body in used:
                continue
            used.add(body)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            phone = f"1{rng.choice('35789')}{rng.randint(100000000, 999999999)}" if rng.random() < 0.65 else ""
            cats = "、".join(c for c in CATS if rng.random() < 0.06)
            contact = (rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), rng.choice(["儿子", "女儿"]),
                       f"13{rng.randint(100000000, 999999999)}") if rng.random() < 0.8 else ("", "", "")
            lat = f"{35.7 + rng.random() * 0.4:.5f}"
            lon = f"{115.0 + rng.random() * 0.9:.5f}"
            f.write(f"{body}{check(body)},{name},{village},{phone},村内{n % 500 + 1}号,{cats},{contact[0]},{contact[1]},{contact[2]},{lat},{lon}\r\n")
            n += 1


if __name__ == "__main__":
    main()

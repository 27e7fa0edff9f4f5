"""Writes the ids of WANT active people to OUT, one a line, for orders.lua.

    python3 people.py BASE TOKEN WANT OUT

Pages of 100 of GET /api/v1/elders?status=active, spread evenly over the whole list (which is
sorted by region), then shuffled with a fixed seed so that every county gets orders all
through a run. Prints "PEOPLE COUNTIES" (how many people, in how many counties).
"""
import json
import random
import sys
import urllib.request

base, token, want, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def page(n):
    req = urllib.request.Request(f"{base}/api/v1/elders?status=active&per=100&page={n}",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


first = page(1)
count = first["pageCount"]
wanted = max(1, min(count, (want + 99) // 100))
people = []
for n in sorted({1 + (i * count) // wanted for i in range(wanted)}):
    people += (first if n == 1 else page(n))["items"]
people = people[:want]
if not people:
    sys.exit("no active people")
random.Random(6).shuffle(people)
with open(out, "w") as f:
    f.write("".join(p["id"] + "\n" for p in people))
print(len(people), len({p["regionCode"][:6] for p in people}))

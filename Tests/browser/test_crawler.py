"""Every demo account crawls the console it sees and asks each page again with hostile query
values (huge, negative and non-numeric paging, unknown sort columns, 5000-character searches,
LIKE wildcards, NUL bytes…). No answer may be a server error, and the server must still be
healthy at the end. On the way, no page may label anything by a code, a username or an id
alone (`labels.py`). Plain HTTP, no browser: one cookie jar per account."""
import collections
import concurrent.futures
import html.parser
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from conftest import BASE, PASSWORD
from labels import unreadable

MAX_PATHS = 60          # distinct paths crawled per role (its accounts share them)
PER_SHAPE = 2           # /elders/<uuid> and the like: crawl two of each shape, not all
TIMEOUT = 30
SKIP = ("/logout", "/lang/")
DEMO_ACCOUNT = re.compile(r"^(admin|city|hotline|assessor|inspector|provider|worker|institution|volunteer|elder"
                          r"|(county|township|village)\.[0-9]+)$")

LONG = ("q' OR 1=1 --%_老年人\"<>&" * 300)[:5000]
HOSTILE = [
    ("page", "1000000000"), ("page", "-5"), ("page", "abc"), ("page", "99999999999999999999"),
    ("per", "100000000"), ("per", "-1"),
    ("sort", "nosuchcolumn"), ("order", "sideways"),
    ("q", LONG), ("q", "%"), ("q", "_"),
]
# Values for every other query key a page's own links or GET forms use.
ODD = [LONG, "99999999999999999999", "\x00", "-1%_'\"<>"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Links(html.parser.HTMLParser):
    """The `a href`s of a page and the fields of its GET forms (their names are query keys too)."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.form_keys, self._get_form = [], set(), None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._get_form = a.get("action") or ""
            self.hrefs.append(self._get_form)
        elif tag in ("input", "select", "textarea") and self._get_form is not None and a.get("name"):
            self.form_keys.add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = None


class Account:
    """One signed-in console session."""

    def __init__(self, username):
        self.username = username
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())
        self.requests = 0

    def fetch(self, path, data=None):
        """(status, headers, body) without following redirects; event streams are not read.
        Status 0: no answer at all (connection dropped or timed out)."""
        self.requests += 1
        req = urllib.request.Request(BASE + path, data=data)
        try:
            res = self.opener.open(req, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            res = error
        except (urllib.error.URLError, OSError):
            return 0, {}, b""
        with res:
            if "text/event-stream" in (res.headers.get("Content-Type") or ""):
                return res.status, res.headers, b""
            return res.status, res.headers, res.read()

    def sign_in(self):
        status, _, body = self.fetch("/login")
        assert status == 200, f"{self.username}: GET /login answered {status}"
        csrf = re.search(rb'name="_csrf" value="([^"]*)"', body)
        assert csrf, "no CSRF field on /login"
        form = {"_csrf": csrf.group(1).decode(), "next": "/", "username": self.username, "password": PASSWORD}
        status, headers, _ = self.fetch("/login", urllib.parse.urlencode(form).encode())
        assert status in (302, 303) and not (headers.get("Location") or "").startswith("/login"), \
            f"{self.username} could not sign in on /login (status {status})"


def demo_usernames():
    """The demo's accounts, read from the API as the system administrator (without the ones tests disabled)."""
    def call(path, token=None, body=None):
        req = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
        if token:
            req.add_header("Authorization", "Bearer " + token)
        with urllib.request.urlopen(req, timeout=TIMEOUT) as res:
            return json.load(res)

    token = call("/api/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
    users, page = [], 1
    while True:
        listing = call(f"/api/v1/users?per=100&page={page}", token)
        users += listing["items"]
        if page * 100 >= listing["total"]:
            break
        page += 1
    return {u["username"]: u["role"] for u in users if DEMO_ACCOUNT.match(u["username"]) and not u["disabled"]}


def same_origin_path(href, current):
    """`/path?query` of a same-origin link, or None."""
    url = urllib.parse.urlsplit(urllib.parse.urljoin(BASE + current, href))
    if url.scheme not in ("http", "https") or url.netloc != urllib.parse.urlsplit(BASE).netloc:
        return None
    if url.path.startswith(SKIP):
        return None
    return url.path + ("?" + url.query if url.query else "")


def shape(path):
    """/elders/3f2c…/edit → /elders/{}/edit: pages of one kind get their hostile queries once."""
    return re.sub(r"/[0-9a-fA-F-]{36}(?=/|$)|/[0-9]{6,}(?=/|$)", "/{}", path)


class RoleCrawl:
    """The crawl of one role, shared by its accounts: at most MAX_PATHS distinct paths, PER_SHAPE
    of each shape, hostile queries once per shape. Every account signs in and opens its home."""

    def __init__(self, role):
        self.role, self.requests, self.errors, self.unreadable = role, 0, [], []
        self.fetched, self.per_shape, self.attacked = set(), collections.Counter(), set()

    def check(self, account, url, status):
        if status >= 500 or status == 0:
            self.errors.append(f"{self.role} ({account.username}): GET {url[:300]} -> {status or 'no answer'}")

    def run(self, username):
        account = Account(username)
        account.sign_in()
        queue, visited = collections.deque(["/"]), set()
        keys_of = collections.defaultdict(set)     # path -> query keys its links and GET forms use
        first_query = {}                           # path -> the query of the first link to it
        pages = []                                 # paths that answered HTML, in crawl order
        while queue:
            target = queue.popleft()
            path, _, query = target.partition("?")
            if path in visited or (path != "/" and (path in self.fetched or len(self.fetched) >= MAX_PATHS
                                                    or self.per_shape[shape(path)] >= PER_SHAPE)):
                continue
            visited.add(path)
            self.fetched.add(path)
            self.per_shape[shape(path)] += 1
            first_query.setdefault(path, query)
            status, headers, body = account.fetch(target)
            self.check(account, target, status)
            if 300 <= status < 400 and headers.get("Location"):
                follow = same_origin_path(headers["Location"], path)
                if follow:
                    queue.append(follow)
                continue
            if "text/html" not in (headers.get("Content-Type") or ""):
                continue
            pages.append(path)
            page = body.decode("utf-8", "replace")
            if status == 200:
                self.unreadable += [f"{self.role} {target[:120]}: {p}" for p in unreadable(page)]
            parser = Links()
            parser.feed(page)
            keys_of[path].update(parser.form_keys)
            for href in parser.hrefs:
                link = same_origin_path(href, path)
                if link:
                    link_path, _, link_query = link.partition("?")
                    keys_of[link_path].update(k for k, _ in urllib.parse.parse_qsl(link_query, keep_blank_values=True))
                    queue.append(link)

        # Pages, and downloads whose links carry a query (filtered exports); a PDF ignores queries.
        for path in pages + sorted(p for p in visited if p not in pages and keys_of[p]):
            if shape(path) in self.attacked:
                continue
            self.attacked.add(shape(path))
            base = dict(urllib.parse.parse_qsl(first_query[path], keep_blank_values=True))
            extra = sorted(keys_of[path] - {k for k, _ in HOSTILE} - {"_csrf"})
            for key, value in HOSTILE + [(k, v) for k in extra for v in ODD]:
                url = path + "?" + urllib.parse.urlencode({**base, key: value})
                self.check(account, url, account.fetch(url)[0])
        self.requests += account.requests


def crawl_role(role, usernames):
    crawl = RoleCrawl(role)
    for username in usernames:
        crawl.run(username)
    return crawl


def test_every_account_crawls_the_console_and_hostile_queries_never_cause_a_server_error(capsys):
    started = time.monotonic()
    by_role = collections.defaultdict(list)
    for username, role in sorted(demo_usernames().items()):
        by_role[role].append(username)
    assert len(by_role) >= 10, f"expected the demo's roles, found {sorted(by_role)}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        crawls = list(pool.map(lambda role: crawl_role(role, by_role[role]), by_role))

    with capsys.disabled():
        print(f"\ncrawler: {sum(c.requests for c in crawls)} requests in {time.monotonic() - started:.1f} s")
        for c in sorted(crawls, key=lambda c: c.role):
            print(f"  {c.role:<18} {len(by_role[c.role]):>2} accounts {len(c.fetched):>3} paths {c.requests:>5} requests")
    errors = [e for c in crawls for e in c.errors]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors[:60])
    unlabelled = [u for c in crawls for u in c.unreadable]
    assert not unlabelled, f"{len(unlabelled)} texts only a code, username or id:\n" + "\n".join(unlabelled[:80])
    with urllib.request.urlopen(BASE + "/health", timeout=TIMEOUT) as res:
        assert res.status == 200, f"/health answered {res.status} after the crawl"

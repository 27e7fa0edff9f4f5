"""What a person reads must be words: a 12-digit region code, a username, a raw action code
(`elder.read`) or a UUID may stand beside a name as a detail, never as the only label of
something. `unreadable(html)` lists every visible text that breaks this: a text holding such a
token whose nearest line (table cell, list item, paragraph, heading, cell of a definition list,
label or button) has no Chinese word once the tokens are taken out."""
import html.parser
import re

CODE = re.compile(r"(?<![0-9*])[0-9]{12}(?![0-9*])")
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
ACTION = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b")
USERNAME = re.compile(r"^(?:admin|city|hotline|assessor|inspector|provider|worker|institution|volunteer|elder"
                      r"|(?:county|township|village)\.[0-9]+|cli:[a-z]+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
LINES = {"td", "tr", "li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "label", "button", "option", "caption",
         "figcaption", "summary", "legend", "th", "div"}
HIDDEN = {"script", "style", "template", "noscript", "title", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FILE_NAME = re.compile(r"\.(xlsx|pdf|csv|json|svg|png)\b")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children
                       if isinstance(c, str) or c.visible())

    def visible(self):
        return self.tag not in HIDDEN and "hidden" not in self.attrs and self.attrs.get("aria-hidden") != "true"


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.current = self.root
        self.texts = []    # (text, node holding it)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.children.append(data)
            self.texts.append((data.strip(), self.current))


def shown(node):
    while node is not None:
        if not node.visible():
            return False
        node = node.parent
    return True


def line_of(node):
    while node.parent is not None and node.tag not in LINES:
        node = node.parent
    return node


def tokens(text):
    found = CODE.findall(text) + UUID.findall(text)
    found += [a for a in ACTION.findall(text) if not FILE_NAME.search(a) and not re.match(r"^[a-z]+\.(com|cn|org)$", a)]
    if USERNAME.match(text):
        found.append(text)
    return found


def unreadable(page_html):
    """The texts of a page that are only codes, usernames or ids, each with its line."""
    tree = Tree()
    tree.feed(page_html)
    problems = []
    for text, node in tree.texts:
        found = tokens(text)
        if not found or not shown(node):
            continue
        line = " ".join(line_of(node).text().split())
        rest = line
        for token in found:
            rest = rest.replace(token, "")
        if not CJK.search(rest):
            problems.append(f"{', '.join(found)} in “{line[:120]}”")
    return problems

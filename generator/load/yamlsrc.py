"""Safe YAML reading that remembers the line of every value and refuses duplicate keys.

Only plain data comes out: groups of named fields, lists, text, numbers, yes/no, dates and empty
values. ``yaml.compose`` builds nodes, never objects, and only the standard scalar tags are
constructed; any other tag (``!!python/object``, ``!!binary``, ``!custom``) is refused.

Limits far above any real report stop a mistaken or hostile file early with a plain message
instead of minutes of work or a damaged document (the 2021 inputs: about 800 values, 7 levels,
lists of at most 25 entries, texts of at most 800 characters).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

MAX_NODES = 200_000          # values after anchors are expanded: an alias bomb stops here
MAX_DEPTH = 30               # levels of nesting
MAX_TEXT = 20_000            # characters in one text (about six pages)
MAX_ITEMS = 1_000            # entries in one list (and so rows of a table, items of a list)
MAX_WORD = 1_000             # characters without a space (a long web address: 200): the PDF's line
                             # breaking lays a word out again for each line it fills, so the time grows
                             # with the square of a word's length

Path_ = tuple  # a field's path: keys and list indexes

#: Characters a DOCX (XML) cannot hold or that only come from a bad paste: C0 controls except tab
#: and line feed, DEL and the C1 controls, lone surrogates, the non-characters U+FFFE/U+FFFF, and
#: the private-use area (a symbol font's icons pasted from Word: no font of the report has them,
#: and the build uses some of them as its own marks).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]")
#: Invisible characters no text of a report needs, which change how the text around them reads or
#: breaks: the bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069: a
#: right-to-left override shows «abc» as «cba»), zero-width spaces, joiners and marks, the line and
#: paragraph separators U+2028/U+2029, and a byte-order mark inside a text.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
#: The same in the file itself, where a carriage return is an ordinary line break (Windows files).
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: A raw forbidden character is swapped for a private-use stand-in before parsing, so that the
#: message can name the field it is in: U+F0000 + its code (U+FFFE/U+FFFF → U+F00FE/U+F00FF).
_STAND_IN = 0xF0000
_STAND_INS = re.compile("[\U000f0000-\U000f00ff]")

_NAMES = {0x00: "NUL, a zero byte", 0x09: "tab", 0x0B: "vertical tab, a line break pasted from Word",
          0x0C: "form feed, a page break pasted from Word", 0x0D: "carriage return", 0x1B: "escape",
          0x7F: "delete", 0x85: "next line", 0xA0: "no-break space", 0x200B: "zero-width space",
          0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner", 0x200E: "left-to-right mark",
          0x200F: "right-to-left mark", 0x2028: "line separator", 0x2029: "paragraph separator",
          0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "end of an embedding",
          0x202D: "left-to-right override", 0x202E: "right-to-left override, which shows the text after it reversed",
          0x2060: "word joiner", 0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate",
          0x2068: "first-strong isolate", 0x2069: "end of an isolate", 0xFEFF: "byte-order mark"}

#: Spaces a line is never broken at: they join the words around them into one.
_NO_BREAK = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2060\ufeff"), "x")
_TOO_DEEP = f"the file nests deeper than {MAX_DEPTH} levels: check the brackets and indentation"

_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


#: Plain values YAML 1.1 reads as numbers or yes/no, and a person means otherwise (or YAML 1.2 reads
#: otherwise): by kind, each matched against the whole value.
_OLD_FORMS = (
    ("word", re.compile(r"(?i:yes|no|on|off|y|n|true|false)")),
    ("base", re.compile(r"[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)")),
    ("clock", re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")),
    ("zero", re.compile(r"[-+]?0[0-9_]+(?:\.[0-9_]*)?")),
    ("underscore", re.compile(r"[-+]?[0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?[0-9_]*\.[0-9_]*_[0-9_]*")),
)
_OLD_FORM_START = frozenset("+-.0123456789yYnNoOtTfF")


class OldForm(str):
    """A plain (unquoted) value in one of YAML 1.1's old forms: ``017``, ``0x1F``, ``1:30``, ``12_5``,
    ``yes``/``no``/``on``/``off``/``y``/``n``/``true``/``false`` in any case. It is kept as the
    text written, with its ``kind`` (a key of ``_OLD_FORMS``), for the loader to settle by the field's
    type (``generator.load.forms``): a yes/no where the field is yes or no, else a problem."""

    kind: str

    def __new__(cls, text: str, kind: str) -> "OldForm":
        made = super().__new__(cls, text)
        made.kind = kind
        return made


def old_form(text: str) -> str:
    """The kind of old form a plain value is written in, or ''."""
    if not text or text[0] not in _OLD_FORM_START:
        return ""
    for kind, pattern in _OLD_FORMS:
        if pattern.fullmatch(text) and (kind != "underscore" or any(c.isdigit() for c in text)):
            return kind
    return ""


class YamlError(Exception):
    """A YAML file that cannot be read; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None, field: str = ""):
        super().__init__(message)
        self.message, self.line, self.field = message, line, field


def read_yaml(path: Path) -> tuple[object, dict[Path_, int]]:
    """Read one YAML file: its data and the line of each field path."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise YamlError("the file is saved as UTF-16 (\"Unicode\" in Notepad): open it in an editor and save it "
                            "again with the encoding UTF-8", 1) from None
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"the file is not UTF-8 text (byte {exc.start + 1}, {_byte_hint(raw[exc.start:exc.start + 1])}): "
                        "open it in an editor and save it again with the encoding UTF-8", line) from None
    return parse_yaml(text)


def _byte_hint(byte: bytes) -> str:
    return f"0x{byte.hex().upper()}; perhaps saved as Windows-1251 or another old encoding" if byte else "cut short"


def describe_char(char: str) -> str:
    """'U+000B (vertical tab, a line break pasted from Word)'."""
    code = ord(char)
    name = _NAMES.get(code, "a control character" if code < 0xA0 else
                      "an invisible formatting character" if INVISIBLE.match(char) else
                      "a private-use character, e.g. a symbol font's icon" if 0xE000 <= code <= 0xF8FF else
                      "not a character")
    return f"U+{code:04X} ({name})"


def parse_yaml(text: str) -> tuple[object, dict[Path_, int]]:
    """Parse YAML text into plain data and a map of field path → line."""
    raw_bad = _RAW_FORBIDDEN.search(text)
    marked = text
    if raw_bad and not _STAND_INS.search(text):
        marked = _RAW_FORBIDDEN.sub(lambda m: chr(_STAND_IN + (ord(m.group()) & 0xFF)), text)
    try:
        node = _compose(marked)
    except yaml.YAMLError as exc:
        if raw_bad:                 # the stray character is the likelier mistake: name it
            raise _raw_char_error(text, raw_bad.start()) from None
        raise _syntax_error(exc, text) from None
    except RecursionError:
        raise YamlError(_TOO_DEEP, _too_deep_line(marked)) from None
    if node is None:
        return None, {}
    lines: dict[Path_, int] = {}
    state = _State(budget=MAX_NODES, stand_ins=marked is not text)
    return _convert(node, (), lines, state), lines


def _compose(text: str) -> yaml.Node | None:
    """The file's nodes, read by libyaml's C parser when PyYAML has it (about ten times faster).

    A file the C parser refuses is read again by the pure-Python parser, whose complaints the
    messages are worded from, so a mistake is described the same way with or without libyaml.
    A file with a tab, a byte-order mark inside it, a Unicode line separator, a '?' inside { } or
    [ ], or a comment straight after | or > goes straight to the pure-Python parser: there the
    two disagree (libyaml takes some of these that PyYAML refuses), and a file must be read the
    same way on every machine, libyaml or not.
    (The C parser stops nesting at 1 000 levels, so it cannot exhaust the stack either.)
    """
    if _FAST_LOADER is not None and not _parsers_disagree(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    _refuse_deep(text)
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _refuse_deep(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the pure-Python parser reads the file: its scanner
    looks again at every open level for each mark it reads, so a few thousand '[' would cost it
    seconds. libyaml's events tell the depth in one fast pass (up to a mistake it stops at)."""
    if _FAST_LOADER is None:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(_TOO_DEEP, event.start_mark.line + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):       # libyaml's own limit (1 000 levels)
            mark = getattr(exc, "problem_mark", None)
            raise YamlError(_TOO_DEEP, mark.line + 1 if mark else None) from None


_FAST_LOADER = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
_PARSERS_DISAGREE = re.compile("[\t\ufeff\u2028\u2029\x85]"   # tabs, inner BOMs, line separators
                               r"|[|>][-+0-9]*#")                # a comment straight after | or >
_CLOSERS = re.compile(r"[\]}\n]")


def _parsers_disagree(text: str) -> bool:
    """Whether the file has one of the forms the two parsers read differently (see ``_compose``),
    found in one pass: a '?' after a '[' or '{' with no closing bracket or line break between
    (a regular expression for that would scan again from every bracket)."""
    if _PARSERS_DISAGREE.search(text):
        return True
    for segment in _CLOSERS.split(text):
        opened = [i for i in (segment.find("["), segment.find("{")) if i >= 0]
        if opened and segment.find("?", min(opened)) >= 0:
            return True
    return False


class _State:
    """What the conversion keeps across the file: the values left, whether stand-ins were put in."""

    def __init__(self, budget: int, stand_ins: bool):
        self.budget, self.stand_ins = budget, stand_ins


def _too_deep_line(text: str) -> int | None:
    """Where the nesting passes MAX_DEPTH, found by the scanner (which, unlike the composer, never recurses)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                                  yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _raw_char_error(text: str, index: int) -> YamlError:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return YamlError(f"column {column} holds the character {describe_char(text[index])}, which a report cannot "
                     "contain: delete it (or replace it with a space)", line)


def _syntax_error(exc: yaml.YAMLError, text: str) -> YamlError:
    """A plain sentence for PyYAML's complaint, at the line where the mistake is, with what to do."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlError(f"YAML syntax: the file cannot be read ({exc})")
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    if context.startswith(("while scanning a quoted scalar", "while scanning a simple key")) and exc.context_mark:
        mark = exc.context_mark
    if "'\\t'" in problem:
        what = "a tab is used to indent this line; YAML needs spaces: replace the tab with spaces"
    elif "cannot start any token" in problem:
        char = re.search(r"character (.+?) that", problem)
        what = (f"a text cannot start with {char.group(1) if char else 'this character'}: "
                "put the whole text in quotes")
    elif context.startswith("while scanning a quoted scalar"):
        what = "a quotation mark opened on this line is never closed: add the closing quotation mark after the text"
    elif "alias" in context or "undefined alias" in problem:
        what = ("a text starting with * (or &) must be put in quotes, e.g. \"*italic* text\": "
                "YAML reads *name as a reference to an anchor")
    elif "mapping values are not allowed" in problem:
        what = ("a colon and a space inside a text, or a line indented too far: put the text in quotes, "
                "or line the name up with the names above it")
    elif "could not find expected ':'" in problem:
        what = ("a line has no ':' after its name, or a text goes on to a new line without being indented: "
                "add the ':' or indent the text's next line")
    elif context.startswith(("while parsing a flow mapping", "while parsing a flow sequence")):
        what = ("a group in { } or [ ] is not closed properly: check its commas and closing bracket "
                "(a text with a comma or colon inside { } needs quotes)")
    elif "expected <block end>" in problem or "did not find expected" in problem:
        what = ("this line is not lined up with the lines around it: fields of the same level need the "
                "same number of spaces before them, and each '-' of a list starts in the same column")
    else:
        what = (f"the file cannot be read here ({problem or context}): check the quotes, colons and "
                "indentation of this line and the line above")
    if not mark:
        return YamlError(f"YAML syntax: {what}")
    field, field_line = _field_before(text, mark.index)
    if field and field_line != mark.line + 1:       # the mistake is on a later line: say which field it follows
        what, field = f"{what} (the mistake follows the field {field})", ""
    return YamlError(f"YAML syntax: {what}", mark.line + 1, field)


def _field_before(text: str, index: int) -> tuple[str, int | None]:
    """The last field that can be read before the mistake (the field it is in, or the one above), and its line."""
    node = None
    for prefix in (text[:index], _without_last_word(text[:index])):    # then without the half-read word
        try:
            node = yaml.compose(prefix, Loader=yaml.SafeLoader)
            break
        except (yaml.YAMLError, RecursionError):
            continue
    if node is None:
        return "", None
    last: list = [(0, ())]
    budget = [MAX_NODES]

    def walk(n: yaml.Node, path: tuple, depth: int) -> None:
        budget[0] -= 1
        if depth > MAX_DEPTH or budget[0] < 0:
            return
        last[0] = max(last[0], (n.start_mark.index, path), key=lambda t: (t[0], len(t[1])))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                last[0] = max(last[0], (k.start_mark.index, (*path, key)), key=lambda t: (t[0], len(t[1])))
                walk(v, (*path, key), depth + 1)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*path, i), depth + 1)
    walk(node, (), 0)
    index, path = last[0]
    return ".".join(map(str, path)), (text.count("\n", 0, index) + 1 if path else None)


def _without_last_word(text: str) -> str:
    """The text without the word it ends in (``re.sub(r"\\S*$", "", text)`` in one pass from the end:
    that expression would scan again from every letter of a long word)."""
    return text[:len(text) - len(_WORD.match(text[::-1]).group())]


_WORD = re.compile(r"\S*")


_scalar_loader = yaml.SafeLoader("")


def _convert(node: yaml.Node, path: Path_, lines: dict, state: _State) -> object:
    state.budget -= 1
    line = node.start_mark.line + 1
    field = ".".join(map(str, path))
    if state.budget < 0:
        top = path[:1]
        raise YamlError(f"the file expands to more than {_n(MAX_NODES)} values (anchors & and * repeated?): "
                        "write the values out instead of repeating anchors", lines.get(top, line), ".".join(map(str, top)))
    if len(path) > MAX_DEPTH:
        raise YamlError(f"the file nests deeper than {MAX_DEPTH} levels here: check the indentation", line,
                        ".".join(map(str, path[:3])) + ".…")
    if node.tag not in _TAGS:
        raise YamlError(f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not used in these files: "
                        "remove it (put the value in quotes if it is text)", line, field)
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        if len(node.value) > MAX_ITEMS:
            raise YamlError(_too_many(len(node.value), "fields"), lines.get(path, line), field)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("'<<' merge keys are not supported: write the fields out", key_node.start_mark.line + 1,
                                field)
            if isinstance(key_node, yaml.ScalarNode) and not key_node.style \
                    and old_form(key_node.value) not in ("", "word"):
                raise YamlError(f"the name '{key_node.value}' is written like a number some programs read "
                                f"otherwise: put it in quotes, \"{key_node.value}\"", key_node.start_mark.line + 1, field)
            key = _scalar(key_node, path)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise YamlError("a field's name must be a simple word", key_node.start_mark.line + 1, field)
            key = str(key)
            _check_text(key, key_node.start_mark.line + 1, field, "name", state)
            if "\n" in key or "\t" in key:
                raise YamlError("a field's name must be one word on one line", key_node.start_mark.line + 1, field)
            if key in out:
                raise YamlError(f"the field '{key}' appears twice: keep one of them (or rename one)",
                                key_node.start_mark.line + 1, ".".join(map(str, (*path, key))))
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*path, key), lines, state)
        return out
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) > MAX_ITEMS:
            raise YamlError(_too_many(len(node.value), "entries"), lines.get(path, line), field)
        return [_convert(item, (*path, i), lines, state) for i, item in enumerate(node.value)]
    value = _scalar(node, path)
    if not node.style and (kind := old_form(node.value)):       # plain: None, or "" from libyaml
        return OldForm(node.value, kind)
    if isinstance(value, str):
        _check_text(value, line, field, "text", state)
    return value


def _n(count: int) -> str:
    """1 000 000: digits grouped by spaces, as the report writes them."""
    return f"{count:,}".replace(",", " ")


def _too_many(count: int, what: str) -> str:
    return (f"has {_n(count)} {what}; the limit is {_n(MAX_ITEMS)}, far above any real report: "
            "check that this is the right file, or split the list")


def _check_text(text: str, line: int, field: str, what: str, state: _State) -> None:
    """Refuse characters a document cannot hold, and texts longer than any real paragraph."""
    if len(text) > MAX_TEXT:
        raise YamlError(f"the {what} is {_n(len(text))} characters long; the limit is {_n(MAX_TEXT)}, far above "
                        "any real paragraph: split it into several texts, or check that it was pasted only once",
                        line, field)
    if len(text) > MAX_WORD:
        longest = max(_WORD.finditer(text.translate(_NO_BREAK)), key=lambda m: m.end() - m.start(), default=None)
        if longest and longest.end() - longest.start() > MAX_WORD:
            raise YamlError(f"the {what} has a word of {_n(longest.end() - longest.start())} characters without a "
                            f"space, starting '{text[longest.start():longest.start() + 20]}…'; the limit is {_n(MAX_WORD)}, far above any real word or web address: "
                            "check for missing spaces", line, field)
    bad = FORBIDDEN.search(text) or (state.stand_ins and _STAND_INS.search(text))
    invisible = INVISIBLE.search(text)
    if invisible and (not bad or invisible.start() < bad.start()):
        raise YamlError(f"character {invisible.start() + 1} of the {what} is {describe_char(invisible.group())}, "
                        "an invisible character no report needs: delete it (retype the text around it if unsure)",
                        line, field)
    if bad:
        char = bad.group()
        if _STAND_IN <= ord(char) <= _STAND_IN + 0xFF:
            code = ord(char) - _STAND_IN
            char = chr(code if code < 0xA0 else 0xFF00 + code)
        raise YamlError(f"character {bad.start() + 1} of the {what} is {describe_char(char)}, which a report "
                        "cannot contain: delete it (or replace it with a space)", line, field)


def _scalar(node: yaml.Node, path: Path_) -> object:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError("a field's name must be a simple word, not a list or group", line, ".".join(map(str, path)))
    try:
        return _scalar_loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(f"unreadable value: {exc.problem}", line, ".".join(map(str, path))) from None
    except ValueError:
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        if node.tag == "tag:yaml.org,2002:timestamp":       # e.g. 2021-02-31
            message = f"'{shown}' is not a real date; write it as DD.MM.YYYY, e.g. 11.02.2021"
        else:                                               # e.g. an integer of 5 000 digits
            message = f"'{shown}' is not a number this report can print: check the digits"
        raise YamlError(message, line, ".".join(map(str, path))) from None

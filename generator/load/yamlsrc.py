"""Safe YAML reading that remembers the line of every value and refuses duplicate keys."""
from __future__ import annotations

from pathlib import Path

import yaml

MAX_NODES = 200_000          # an alias bomb expands past this; a real report stays far below

Path_ = tuple  # a field's path: keys and list indexes


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
        raise YamlError(f"the file is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8") from None
    return parse_yaml(text)


def parse_yaml(text: str) -> tuple[object, dict[Path_, int]]:
    """Parse YAML text into plain data and a map of field path → line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "cannot be read"
        raise YamlError(f"YAML syntax: {what}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}") from None
    if node is None:
        return None, {}
    lines: dict[Path_, int] = {}
    budget = [MAX_NODES]
    return _convert(node, (), lines, budget), lines


_scalar_loader = yaml.SafeLoader("")


def _convert(node: yaml.Node, path: Path_, lines: dict, budget: list) -> object:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("the file expands to too many values (repeated anchors?)", node.start_mark.line + 1)
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("'<<' merge keys are not supported", key_node.start_mark.line + 1)
            key = _scalar(key_node)
            if not isinstance(key, (str, int)):
                raise YamlError("a key must be a simple word", key_node.start_mark.line + 1)
            key = str(key)
            if key in out:
                raise YamlError(f"the key '{key}' appears twice", key_node.start_mark.line + 1,
                                ".".join(map(str, (*path, key))))
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*path, key), lines, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, budget) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError("a key must be a simple word", node.start_mark.line + 1)
    try:
        return _scalar_loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(f"unreadable value: {exc.problem}", node.start_mark.line + 1) from None
    except ValueError:   # e.g. a timestamp like 2021-02-31
        raise YamlError(f"'{node.value}' is not a real date", node.start_mark.line + 1) from None

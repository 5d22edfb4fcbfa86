"""JSON Schemas of the input files: made from the typed classes, kept in schemas/, true to the inputs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.load.schema import input_schema, model_schema, write_schemas
from generator.model.inputs import ReportInfo, Section
from tests.small_inputs import PROJECT

INPUT_FILES = sorted((PROJECT / "inputs").glob("*/*.yaml"))
_TYPES = {"string": str, "number": (int, float), "integer": int, "boolean": bool, "null": type(None),
          "array": list, "object": dict}


def errors(instance: object, schema: dict, root: dict, where: str = "") -> list[str]:
    """A small validator for the parts of JSON Schema these schemas use (no extra package needed)."""
    if "$ref" in schema:
        return errors(instance, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, where)
    if "anyOf" in schema:
        tried = [errors(instance, option, root, where) for option in schema["anyOf"]]
        return [] if any(not t for t in tried) else [f"{where}: matches none of the allowed forms"]
    kind = schema.get("type")
    if kind and (not isinstance(instance, _TYPES[kind]) or (kind in ("number", "integer") and isinstance(instance, bool))):
        return [f"{where}: should be {kind}"]
    found = []
    if "pattern" in schema and not re.search(schema["pattern"], instance):
        found.append(f"{where}: '{instance}' does not match {schema['pattern']}")
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{where}: '{instance}' is not one of {schema['enum']}")
    if isinstance(instance, dict):
        props, extra = schema.get("properties", {}), schema.get("additionalProperties", True)
        found += [f"{where}.{k}: is missing" for k in schema.get("required", []) if k not in instance]
        if not schema.get("minProperties", 0) <= len(instance) <= schema.get("maxProperties", len(instance)):
            found.append(f"{where}: has {len(instance)} keys")
        for key, value in instance.items():
            if key in props:
                found += errors(value, props[key], root, f"{where}.{key}")
            elif extra is False:
                found.append(f"{where}.{key}: is not allowed")
            elif isinstance(extra, dict):
                found += errors(value, extra, root, f"{where}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, value in enumerate(instance):
            found += errors(value, schema["items"], root, f"{where}.{i}")
    return found


def schema_for(path: Path) -> dict:
    return json.loads((PROJECT / "schemas" / f"{'report' if path.stem == 'report' else 'section'}.schema.json")
                      .read_text(encoding="utf-8"))


def test_schema_files_are_up_to_date(tmp_path):
    written = write_schemas(tmp_path)
    assert [p.name for p in written] == ["report.schema.json", "section.schema.json"]
    for path in written:
        stored = PROJECT / "schemas" / path.name
        assert stored.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"schemas/{path.name} is out of date: run write_schemas(Path('schemas'))"


@pytest.mark.parametrize("path", INPUT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_input_file_names_its_schema_and_meets_it(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = "report" if path.stem == "report" else "section"
    assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    schema = schema_for(path)
    assert errors(yaml.safe_load(path.read_text(encoding="utf-8")), schema, schema) == []


@pytest.mark.parametrize("text, mistake", [
    ("figurs: {}", ".figurs: is not allowed"),
    ("figures:\n  halls: four", "matches none"),
    ("figures:\n  halls: {value: 4, count: halls}", "matches none"),
    ("lists:\n  a:\n    items:\n      - {text: x, date: 2021/02/11}", "matches none"),
    ("lists:\n  a:\n    style: dashes\n    items: []", "is not one of"),
    ("content:\n  - {text: x, list: a}", "has 2 keys"),
])
def test_section_schema_rejects_mistakes(text, mistake):
    schema = model_schema(Section)
    found = errors(yaml.safe_load(text), schema, schema)
    assert any(mistake in f for f in found), found


def test_section_schema_accepts_the_short_forms():
    text = ("figures:\n  a: 4\n  b: '{summary.events}'\n  c: null\n  d: {value: 5, parts: [3, {id: x, value: 2}]}\n"
            "lists:\n  l:\n    items: [plain text, {text: t, date: 11.02.2021, year: 2021}]\n")
    schema = model_schema(Section)
    assert errors(yaml.safe_load(text), schema, schema) == []


def test_one_schema_for_any_input_file():
    schema = input_schema()
    assert schema["anyOf"] == [{"$ref": "#/$defs/ReportInfo"}, {"$ref": "#/$defs/Section"}]
    for path in INPUT_FILES:
        assert errors(yaml.safe_load(path.read_text(encoding="utf-8")), schema, schema) == [], path


@pytest.mark.parametrize("model", [ReportInfo, Section])
def test_every_field_is_explained(model):
    schema = model_schema(model)
    nodes = [schema, *schema["$defs"].values()]
    for node in nodes:
        assert node.get("title") and node.get("description"), node
        for name, prop in node.get("properties", {}).items():
            assert prop.get("title") and prop.get("description"), f"{node['title']}.{name}"

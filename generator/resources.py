"""Where the packaged templates, profiles, fonts and schemas are, and which project folder is ours.

An installed package carries them inside it (``generator/templates``, ``generator/assets``,
``generator/schemas``: the wheel maps the repository's top-level folders there); a source
checkout has them at the top of the repository. A project folder (the one holding ``inputs/``,
found from a subfolder the way git finds its repository) may hold its own ``templates/``: a file
there overrides the packaged file of the same name.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The folder of the ``generator`` package (a wheel installs it as a plain folder, never a zip).
PACKAGE_DIR = Path(str(files("generator")))
#: The folder a project's inputs live in; the project folder is the one that holds it.
INPUTS_NAME = "inputs"
OUTPUT_NAME = "output"


def packaged(name: str) -> Path:
    """A folder of resources: inside the installed package, or else at the top of the checkout."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES_DIR = packaged("templates")
ASSETS_DIR = packaged("assets")
SCHEMAS_DIR = packaged("schemas")


def find_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``inputs/``; None if there is none."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / INPUTS_NAME).is_dir():
            return folder
    return None


def template_dirs(project: Path | None) -> tuple[Path, ...]:
    """Where templates are looked for, first match wins: the project's ``templates/``, then the packaged."""
    own = Path(project).resolve() / "templates" if project is not None else None
    if own is not None and own.is_dir() and own != TEMPLATES_DIR.resolve():
        return own, TEMPLATES_DIR
    return (TEMPLATES_DIR,)


def project_of(report) -> Path:
    """The project folder of a loaded report: the one holding its inputs folder (``inputs/2021`` →
    its parent's parent)."""
    return report.year_dir.resolve().parent.parent

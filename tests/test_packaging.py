"""The package as installed: a wheel that carries its templates, fonts and schemas and makes the report
from any folder; a project's own templates/ overriding the packaged ones."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from generator.config import load_profile
from generator.resources import TEMPLATES_DIR, find_project, template_dirs
from tests.small_inputs import PROJECT
from tests.test_pdf_writer import bundled, pdf_fonts

DATA_PACKAGES = {"generator.templates": "templates", "generator.assets": "assets", "generator.schemas": "schemas"}


def test_the_wheel_lists_every_code_package_and_maps_the_resource_folders():
    setup = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    code = {".".join(p.parent.relative_to(PROJECT).parts) for p in (PROJECT / "generator").rglob("__init__.py")}
    assert set(setup["packages"]) == code | set(DATA_PACKAGES), "list the new package in pyproject.toml"
    assert setup["package-dir"] == DATA_PACKAGES


def test_a_projects_own_profile_and_template_override_the_packaged(tmp_path):
    (tmp_path / "templates" / "profiles").mkdir(parents=True)
    packaged = (TEMPLATES_DIR / "profiles" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "templates" / "profiles" / "default.yaml").write_text(
        packaged.replace("name: default", "name: ours", 1), encoding="utf-8")
    assert load_profile("default", project=tmp_path).name == "ours"
    assert load_profile("gost", project=tmp_path).name == load_profile("gost").name      # not overridden: packaged
    assert template_dirs(tmp_path) == (tmp_path.resolve() / "templates", TEMPLATES_DIR)
    assert template_dirs(tmp_path / "elsewhere") == (TEMPLATES_DIR,)


def test_a_projects_own_html_template_is_used(tmp_path):
    from generator.writers.html import render_html
    from tests.test_html_writer import full_document
    (tmp_path / "html").mkdir()
    css = (TEMPLATES_DIR / "html" / "report.css.j2").read_text(encoding="utf-8")
    (tmp_path / "html" / "report.css.j2").write_text("/* our own */\n" + css, encoding="utf-8")
    profile = load_profile()
    doc = full_document(tmp_path)
    assert "/* our own */" in render_html(doc, profile, (tmp_path, TEMPLATES_DIR))
    assert "/* our own */" not in render_html(doc, profile)


def test_the_project_is_the_nearest_folder_above_holding_inputs(tmp_path):
    (tmp_path / "inputs" / "2021" / "photos").mkdir(parents=True)
    assert find_project(tmp_path / "inputs" / "2021" / "photos") == tmp_path.resolve()
    assert find_project(tmp_path) == tmp_path.resolve()


def _build_wheel(source: Path, into: Path) -> Path:
    """The wheel of a clean copy of the project (the worktree gets no build/ folder)."""
    for name in ("generator", "templates", "assets", "schemas", "pyproject.toml", "README.md"):
        copy = shutil.copytree if (PROJECT / name).is_dir() else shutil.copy2
        copy(PROJECT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                               if (PROJECT / name).is_dir() else {}))
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(into), str(source)]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode != 0:                 # no index to fetch setuptools from: build with this one
        done = subprocess.run([*pip[:4], "--no-build-isolation", *pip[4:]], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return next(into.glob("museum_report_generator-*.whl"))


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_environment_makes_the_report_from_another_folder(tmp_path):
    wheel = _build_wheel(tmp_path / "source", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as packed:
        carried = set(packed.namelist())
    for folder in DATA_PACKAGES.values():                 # every resource file, under generator/
        for path in (PROJECT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"generator/{path.relative_to(PROJECT).as_posix()}" in carried, path
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies come from this environment; a .pth line adds its folder, never its
    # editable finder (that is installed only by the .pth files of a site folder itself).
    (site / "shared-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    project = tmp_path / "museum"
    shutil.copytree(PROJECT / "inputs", project / "inputs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([python, "-c", "import generator; print(generator.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, check=True).stdout
    assert Path(where).is_relative_to(site)
    done = subprocess.run([venv / "bin" / "generate-report", "2021", "--inputs", str(project / "inputs")],
                          cwd=elsewhere, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    report = project / "output" / "2021" / "report-2021.pdf"          # output/ beside inputs/
    text = subprocess.run(["pdftotext", report, "-"], capture_output=True, text=True, check=True).stdout
    assert "ҰЛТТЫҚ МУЗЕЙІНІҢ" in text and "Кесте №1" in text
    fonts = list(pdf_fonts(report))               # the fonts of the installed package, whatever the engine
    assert fonts and all(bundled(name) for name, _ in fonts), fonts
    assert not list(elsewhere.iterdir())

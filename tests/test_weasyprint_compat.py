"""The canary: each private part of WeasyPrint and pydyf the PDF writer uses still does what it did;
the versions are fenced and pinned alike; every package imported is declared."""
from __future__ import annotations

import ast
import gc
import io
import re
import sys
import warnings
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from generator.writers import weasyprint_compat as compat
from tests.small_inputs import PROJECT

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared(requirements: list[str]) -> dict[str, str]:
    """Normalised distribution name → its version bounds, as written."""
    found = {}
    for requirement in requirements:
        name, bounds = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement).groups()
        found[re.sub(r"[-_.]+", "-", name).lower()] = bounds
    return found


def test_the_pins_say_what_the_fence_says():
    declared = _declared(PYPROJECT["dependencies"])
    for package, (low, high) in compat.TESTED.items():
        assert declared[package] == f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}"


def _imported(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("generator", "tests", "bench")}


#: Modules of Debian packages: the scripts of tests/uno/ run under Debian's own Python, which has
#: LibreOffice's UNO bridge (python3-uno); .ci/run installs the package, pip cannot.
DEBIAN_MODULES = {"uno": "python3-uno", "unohelper": "python3-uno", "com": "python3-uno"}


@pytest.mark.parametrize("folder, extras", [("generator", ()), ("tests", ("test",))])
def test_every_imported_package_is_declared(folder, extras):
    declared = set(_declared(PYPROJECT["dependencies"]))
    for extra in extras:
        declared |= set(_declared(PYPROJECT["optional-dependencies"][extra]))
    installed_by_ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").split()
    owners = packages_distributions()
    missing = {module: owners.get(module) for module in _imported(PROJECT / folder)
               if not {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(module, [module])} & declared
               and DEBIAN_MODULES.get(module) not in installed_by_ci}
    assert not missing, f"declare these in pyproject.toml (or, for a Debian package, install it in .ci/run): {missing}"


def test_a_weasyprint_outside_the_tested_versions_is_refused_plainly():
    versions = {"weasyprint": "71.0", "pydyf": "0.13.0"}
    with pytest.raises(compat.LibraryMismatch, match=r"weasyprint 71\.0 is installed.*pip install 'weasyprint>=70,<71'"):
        compat.check_versions(versions.__getitem__)
    compat.check_versions({"weasyprint": "70.2", "pydyf": "0.13.1"}.__getitem__)

    def none(package):
        raise PackageNotFoundError(package)
    with pytest.raises(compat.LibraryMismatch, match="weasyprint is not installed"):
        compat.check_versions(none)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """A page with a PNG photo and an SVG chart, laid out by WeasyPrint."""
    folder = tmp_path_factory.mktemp("canary")
    png = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(png, "PNG")
    (folder / "photo.png").write_bytes(png.getvalue())
    (folder / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                      '<rect width="40" height="20" fill="blue"/></svg>')
    html = f'<img src="{(folder / "photo.png").as_uri()}"><img src="{(folder / "chart.svg").as_uri()}">'
    return compat.weasyprint.HTML(string=html).render(), png.getvalue(), folder


def _replacements(document):
    return [box.replacement for page in document.pages for box in compat.page_boxes(page)
            if getattr(box, "replacement", None) is not None]


def test_canary_laid_out_boxes_and_image_internals(rendered):
    document, png, folder = rendered
    root = compat.page_box(document.pages[0])
    assert isinstance(root, compat.boxes.PageBox) and root.height > 0
    assert all(hasattr(compat.boxes, kind) for kind in ("MarginBox", "LineBox", "ReplacedBox", "TableBox"))
    images = _replacements(document)
    raster = next(i for i in images if isinstance(i, compat.RasterImage))
    svg = next(i for i in images if isinstance(i, compat.SVGImage))
    assert compat.raster_bytes(raster) == png
    compat.name_raster(raster, "a" * 32)
    assert raster.id == "a" * 32
    assert compat.svg_base_url(svg) == (folder / "chart.svg").as_uri()
    twin = compat.svg_like(svg, ElementTree.fromstring((folder / "chart.svg").read_bytes()))
    assert isinstance(twin, compat.SVGImage)
    assert twin.get_intrinsic_size(1, 16) == svg.get_intrinsic_size(1, 16)


def test_canary_font_subsetting_is_asked_of_harfbuzz():
    assert compat.can_subset_fonts() in (True, False)


def test_canary_page_references_kept_gives_the_same_references():
    pdf = compat.pydyf.PDF()
    for _ in range(3):
        pdf.add_page(compat.pydyf.Dictionary({"Type": "/Page"}))
    before = list(pdf.page_references)
    with compat.page_references_kept():
        assert list(pdf.page_references) == before
        assert pdf.page_references is pdf.page_references        # built once
    assert isinstance(compat.pydyf.PDF.page_references, property)


def test_canary_metadata_hooks_extend_the_xmp_uncompressed(rendered, tmp_path):
    document = rendered[0].copy()

    class Marked(compat.ExtensibleMetadata):
        def extend_rdf(self, rdf):
            ElementTree.SubElement(rdf, "{http://purl.org/dc/elements/1.1/}coverage").text = "canary-2021"
    document.metadata = Marked(title="t")
    target = tmp_path / "m.pdf"
    with warnings.catch_warnings():     # WeasyPrint 70 leaves its sRGB profile open (as write_pdf says)
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        document.write_pdf(target, pdf_variant="pdf/a-3u")
        gc.collect()
    assert b"canary-2021" in target.read_bytes()


def test_the_layout_modules_the_relayout_drives_have_what_it_reads():
    """generator/writers/relayout.py swaps these functions and reads these names."""
    for module, names in ((compat.layout_module, ("make_all_pages", "layout_document", "initialize_page_maker")),
                          (compat.document_module, ("layout_document",)),
                          (compat.page_module, ("set_page_type_computed_styles",))):
        assert all(callable(getattr(module, name, None)) for name in names), module.__name__


def test_the_font_files_handed_to_fontconfig_are_written_in_the_folder_given(tmp_path):
    config = compat.font_configuration_in(tmp_path)
    font = (PROJECT / "assets" / "fonts" / "LiberationSerif-Regular.ttf").as_uri()
    css = compat.weasyprint.CSS(string=f"@font-face {{ font-family: T; src: url({font}) }} p {{ font-family: T }}",
                                font_config=config)
    compat.weasyprint.HTML(string="<p>Сәлем</p>").render(stylesheets=[css], font_config=config)
    folders = list(tmp_path.iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("fonts-") and any(folders[0].iterdir())

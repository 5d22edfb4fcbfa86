"""The live preview in a real browser: Debian's headless chromium driven by selenium, nothing downloaded."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.preview.build import LAYOUTS
from tests.small_inputs import PROJECT, copy_real_inputs

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                 reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")]
#: Ctrl-C (sent to stop it) reaches the preview as at a terminal, also where the tests run in the
#: background (a shell without job control starts background commands with SIGINT ignored).
PREVIEW = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
           "from generator.cli import main; main()")
WAIT = 60           # seconds; a build of the 2021 report takes about 0.5 s on a quiet machine


@pytest.fixture()
def browser(tmp_path, monkeypatch):
    """Headless chromium with a fresh profile, through the system's chromedriver (no Selenium Manager)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1300,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@pytest.fixture(params=list(LAYOUTS))
def preview(tmp_path, request):
    """`generate-report preview 2021 --pdf-engine E` on a copy of inputs/, for each engine whose pages
    the preview shows, with its own TMPDIR to check for litter."""
    inputs = copy_real_inputs(tmp_path)
    temp = tmp_path / "temp"
    temp.mkdir()
    process = subprocess.Popen([sys.executable, "-c", PREVIEW, "preview", "2021", "--inputs", str(inputs),
                                "--no-open", "--pdf-engine", request.param], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(PROJECT), "TMPDIR": str(temp)})
    lines = []
    while not lines or "Preview at" not in lines[-1]:
        lines.append(process.stdout.readline())
        assert lines[-1], f"the preview ended: {''.join(lines)}{process.stderr.read()}"
    url = re.search(r"http://127\.0\.0\.1:\d+/", lines[-1]).group(0)
    yield url, inputs / "2021", process, temp
    if process.poll() is None:
        process.kill()
    process.communicate()           # waits, and closes its pipes


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_texts(driver) -> list[str]:
    """The pages' printed texts, read in one go in the page (an update may replace the pictures
    between two reads, which would leave a stale element in our hands)."""
    return driver.execute_script("return Array.from(document.querySelectorAll('#pages img'), i => i.alt)")


def test_the_page_follows_edits_shows_mistakes_and_recovers(browser, preview):
    from selenium.webdriver.support.ui import WebDriverWait
    url, year, process, temp = preview
    from selenium.common.exceptions import StaleElementReferenceException
    wait = WebDriverWait(browser, WAIT, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,))
    browser.get(url)
    wait.until(lambda d: len(page_texts(d)) > 10)
    assert "ЕСЕБІ" in page_texts(browser)[0]           # the cover, as printed
    shown = browser.find_element("tag name", "body").get_attribute("data-build")

    edit(year / "summary.yaml", "Ұлттық музейінде (бұдан", "ӨЗГЕРТІЛГЕН музейінде (бұдан")   # a paragraph
    started = time.perf_counter()
    wait.until(lambda d: any("ӨЗГЕРТІЛГЕН" in text for text in page_texts(d)))
    print(f"the edited page was shown {time.perf_counter() - started:.2f} s after the file was saved")
    assert browser.find_element("tag name", "body").get_attribute("data-build") != shown

    funds = (year / "funds.yaml").read_text(encoding="utf-8")
    edit(year / "funds.yaml", "value: 215534", "value: abc")
    problems = wait.until(lambda d: d.find_element("id", "problems").is_displayed()
                          and d.find_element("id", "problem-list").text)
    assert re.search(r"funds\.yaml:\d+ figures\.holdings: 'abc' is not a number", problems), problems
    assert any("ӨЗГЕРТІЛГЕН" in text for text in page_texts(browser))       # the last good pages stay

    (year / "funds.yaml").write_text(funds, encoding="utf-8")
    wait.until(lambda d: not d.find_element("id", "problems").is_displayed())
    assert any("ӨЗГЕРТІЛГЕН" in text for text in page_texts(browser))

    finding = browser.find_element("css selector", ".notes a")
    page = finding.get_attribute("data-page")
    finding.click()
    mark = browser.find_element("css selector", f"#page-{page} .mark")
    assert "on" in mark.get_attribute("class").split()

    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode in (0, 130)
    assert out.strip().splitlines()[-1] == "Preview stopped." and err == ""
    assert list(temp.iterdir()) == []          # its temporary folder, WeasyPrint's fonts: all removed
    assert not (year.parent.parent / "output").exists()


def test_the_preview_binds_only_the_loopback_address(preview):
    url, _, process, _ = preview
    found = shutil.which("ss")
    if found is None:
        pytest.skip("needs ss (iproute2) to list listening sockets")
    port = url.rsplit(":", 1)[1].strip("/")
    listening = subprocess.run([found, "-ltnH"], capture_output=True, text=True, check=True).stdout
    addresses = [line.split()[3] for line in listening.splitlines() if line.split()[3].endswith(f":{port}")]
    assert addresses == [f"127.0.0.1:{port}"]

"""A real browser runs the actors notebook in JupyterLab, as an analyst would.

JupyterLab is started on a free loopback port with a token, in a scratch folder
holding a copy of the notebook (so autosave never touches the repository), with
its own settings and workspaces. Debian's Chromium (``make test`` installs it
with apt when missing; ``playwright install`` cannot download here) is driven
headless by the playwright package. A screenshot is kept under
``test-artifacts/`` when the test fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
NOTEBOOK = "02-actors.ipynb"
TIMEOUT_S = 240

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a copy of the notebook; yields (base URL, token, notebook folder)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        )
    work = tmp_path / "project"
    notebooks = work / "notebooks"
    notebooks.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, notebooks / NOTEBOOK)
    (work / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    (work / "figures").mkdir()
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)  # every cell in the page, not windowed
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)  # offline: no news or update checks
    (news / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebooks}",
        f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
        f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    log = (tmp_path / "lab.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        yield base, token, notebooks
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _saved_errors(base: str, token: str) -> list[str]:
    model = json.loads(_get(f"{base}/api/contents/{NOTEBOOK}?token={token}&content=1"))
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in model["content"]["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


def test_actors_notebook_runs_all_cells_in_chromium(lab):
    from playwright.sync_api import expect, sync_playwright

    base, token, _ = lab
    workspace = f"akhbar-test-{uuid.uuid4().hex[:8]}"
    url = f"{base}/lab/workspaces/{workspace}/tree/{NOTEBOOK}?reset&token={token}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url, timeout=60_000)
            notebook = page.locator(".jp-NotebookPanel:visible")
            expect(notebook).to_have_count(1, timeout=60_000)
            status = page.locator(".jp-StatusBar-Widget")
            expect(status.get_by_text(re.compile(r"\|\s*Idle"))).to_be_visible(timeout=90_000)

            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            cells = notebook.locator(".jp-CodeCell")
            n_cells = cells.count()
            assert n_cells > 10
            prompts = notebook.locator(".jp-CodeCell .jp-InputArea-prompt")
            deadline = time.monotonic() + TIMEOUT_S
            while True:
                texts = prompts.all_inner_texts()
                done = [t for t in texts if re.fullmatch(r"\[\d+\]:", t.strip())]
                if len(done) == n_cells:
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{len(done)} of {n_cells} cells ran: {texts}")
                page.wait_for_timeout(500)
            expect(status.get_by_text(re.compile(r"\|\s*Idle"))).to_be_visible(timeout=60_000)

            shown_errors = notebook.locator(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
                has_text=re.compile(r"Traceback|\b\w+Error\b"),
            )
            assert shown_errors.count() == 0, shown_errors.all_inner_texts()

            images = notebook.locator(".jp-OutputArea-output img")
            assert images.count() >= 2, "no chart image in the outputs"
            widths = images.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
            assert all(w > 0 for w in widths), f"chart images not loaded: {widths}"

            rtl_cells = notebook.locator('[dir="rtl"] td', has_text="تبون")
            assert rtl_cells.count() >= 1, "no Arabic actor name in a right-to-left table"
            assert rtl_cells.first.evaluate("td => getComputedStyle(td).direction") == "rtl"

            page.keyboard.press("Control+s")
            page.wait_for_timeout(1500)
            assert not _saved_errors(base, token)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "browser-02-actors.png"), full_page=True)
            raise
        finally:
            browser.close()

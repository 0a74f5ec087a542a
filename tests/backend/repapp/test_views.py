"""The rep app's shell under /app/: served without a login (the app logs in with a token),
with a strict CSP, a service worker scoped to /app/ that lists exactly the shell's files, and
nothing outside the shell reachable."""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from backend.core.labels import LABEL_TITLES
from backend.repapp import shell as shell_module
from backend.repapp.shell import SHELL_DIR, shell


@pytest.fixture
def client() -> Client:
    return Client()


def test_the_app_page_is_served_with_hooks_and_a_strict_csp(client: Client) -> None:
    response = client.get("/app/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe" not in csp
    page = response.content.decode()
    assert 'rel="manifest"' in page
    assert "data-pending-count" in page and 'name="sync"' in page
    assert not re.search(r'(src|href)="https?://', page)  # nothing from a CDN


def test_the_service_worker_caches_every_shell_file_under_its_version(client: Client) -> None:
    response = client.get("/app/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    current = shell()
    assert f'const VERSION = "{current.version}"' in body
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert files[0] == "./"
    assert set(files[1:]) == set(current.files) - {"sw.js", "index.html"}
    for name in files[1:]:
        assert client.get(f"/app/{name}").status_code == 200, name


def test_the_manifest_makes_it_installable_with_scope_app(client: Client) -> None:
    response = client.get("/app/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["scope"] == manifest["start_url"] == "/app/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(f"/app/{icon['src']}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/app/../settings.py",
        "/app/js/../../views.py",
        "/app/shell.py",
        "/app/index.html",
        "/app/x.js",
    ],
)
def test_only_shell_files_are_served(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_changed_shell_file_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "shell"
    shutil.copytree(SHELL_DIR, copy)
    monkeypatch.setattr(shell_module, "SHELL_DIR", copy)
    before = shell().version
    (copy / "app.css").write_bytes((copy / "app.css").read_bytes() + b"\n/* changed */\n")
    assert shell().version != before


def test_the_app_gets_its_label_names_from_the_server_vocabulary(client: Client) -> None:
    # Given the names the analyst pages use (LABEL_TITLES)
    # When the app loads its label module
    response = client.get("/app/js/labels.js")
    # Then it is a JS module holding exactly those names, no placeholder left
    assert response.status_code == 200
    body = response.content.decode()
    assert "__LABEL_TITLES__" not in body
    names = json.loads(re.search(r"export const LABELS = (\{.*?\});", body, re.S).group(1))  # type: ignore[union-attr]
    assert names == LABEL_TITLES


def test_a_changed_label_name_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = shell().version
    monkeypatch.setitem(shell_module.LABEL_TITLES, "objection_price", "Cost objection")
    shell_module._shell_for.cache_clear()
    assert shell().version != before
    shell_module._shell_for.cache_clear()

"""How scripts/run and scripts/test find Odoo, and what they say when they cannot.

No network and no real Odoo needed: small fake source trees (just `odoo/release.py`) and local git
repositories stand in for Odoo, HOME points at a fresh folder so the cache starts empty, and
`python3 -S` (no site-packages) is a python3 that imports no `odoo`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def fake_odoo(folder, major=18):
    (folder / "odoo").mkdir(parents=True)
    (folder / "odoo" / "__init__.py").write_text("")
    (folder / "odoo" / "release.py").write_text(f"version_info = ({major}, 0, 0, 'final', 0, '')\n")
    return folder


def fake_odoo_repository(folder, major=18, branch="18.0"):
    fake_odoo(folder, major)
    git = ["git", "-C", str(folder), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", branch], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Odoo"], check=True)
    return folder


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def run(args, home, no_site=True, **env):
    """Run a project script with a clean environment: no ODOO_* variables, an empty cache."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PG", "XDG_")) and k != "PYTHONPATH"}
    clean.update(HOME=str(home), **env)
    python = [sys.executable, "-S"] if no_site else [sys.executable]
    return subprocess.run([*python, *args], capture_output=True, text=True, env=clean, cwd=REPO, timeout=120)


def locate(home, **env):
    return run(["scripts/devenv", "locate"], home, **env)


def last_line(result):
    return (result.stderr.strip().splitlines() or [""])[-1]


def test_odoo_path_comes_first(tmp_path, home):
    cached = fake_odoo(home / ".cache" / "odoo-receivables" / "odoo-18.0")
    given = fake_odoo(tmp_path / "given")
    result = locate(home, ODOO_PATH=str(given))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{given} (ODOO_PATH)"
    assert str(cached) not in result.stdout


def test_the_odoo_python3_imports_comes_before_the_cache(tmp_path, home):
    fake_odoo(home / ".cache" / "odoo-receivables" / "odoo-18.0")
    importable = fake_odoo(tmp_path / "site")
    result = locate(home, no_site=False, PYTHONPATH=str(importable))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{importable} (python3)"


def test_the_virtual_environment_of_the_set_up_finds_the_same_odoo(tmp_path, home):
    found = fake_odoo(tmp_path / "found")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    link = (
        "import sys, pathlib; sys.path.insert(0, 'scripts'); import devenv; "
        "devenv.link_odoo(pathlib.Path(sys.argv[1]), sys.argv[2])"
    )
    linked = run(["-c", link, str(venv), str(found)], home)
    assert linked.returncode == 0, linked.stderr
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PG", "XDG_")) and k != "PYTHONPATH"}
    result = subprocess.run(
        [str(venv / "bin" / "python"), "scripts/devenv", "locate"],
        capture_output=True,
        text=True,
        env=dict(clean, HOME=str(home), ODOO_SOURCE="/nowhere"),
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{found} (python3)"


def test_cached_clone_is_used_without_cloning_again(home):
    cached = fake_odoo(home / ".cache" / "odoo-receivables" / "odoo-18.0")
    result = locate(home, ODOO_SOURCE="/nowhere")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{cached} (cache)"
    assert "cloning" not in result.stderr


def test_no_odoo_clones_odoo_source_into_the_cache_once(tmp_path, home):
    source = fake_odoo_repository(tmp_path / "mirror")
    result = locate(home, ODOO_SOURCE=str(source))
    cached = home / ".cache" / "odoo-receivables" / "odoo-18.0"
    assert result.returncode == 0, result.stderr
    assert f"cloning Odoo 18.0 from {source} into {cached}" in result.stderr
    assert result.stdout.strip() == f"{cached} (cache)"
    assert (cached / "odoo" / "release.py").is_file()
    assert int(subprocess.check_output(["git", "-C", str(cached), "rev-list", "--count", "HEAD"])) == 1

    (source / "odoo" / "release.py").unlink()  # from now on the clone alone is used
    again = locate(home, ODOO_SOURCE=str(source))
    assert again.returncode == 0 and "cloning" not in again.stderr


def test_odoo_source_as_file_url_without_an_18_0_branch(tmp_path, home):
    source = fake_odoo_repository(tmp_path / "mirror", branch="main")
    result = locate(home, ODOO_SOURCE=source.as_uri())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("odoo-18.0 (cache)")


def test_no_odoo_and_no_source_is_one_line_that_says_what_to_do(home):
    result = run(["scripts/test"], home, ODOO_SOURCE="/nowhere/odoo")
    assert result.returncode == 2
    assert result.stderr.count("error:") == 1
    line = last_line(result)
    assert line.startswith("error: no Odoo found, and cloning /nowhere/odoo failed")
    assert "ODOO_PATH" in line and "ODOO_SOURCE" in line
    assert not (home / ".cache" / "odoo-receivables" / "odoo-18.0").exists()


def test_odoo_path_that_is_not_odoo_18(tmp_path, home):
    old = fake_odoo(tmp_path / "odoo-17", major=17)
    result = run(["scripts/test"], home, ODOO_PATH=str(old))
    assert result.returncode == 2
    assert last_line(result) == f"error: ODOO_PATH: {old} holds Odoo 17.0; these add-ons need Odoo 18.0"


def test_odoo_source_that_is_not_odoo_18_is_not_kept(tmp_path, home):
    source = fake_odoo_repository(tmp_path / "mirror", major=17)
    result = locate(home, ODOO_SOURCE=str(source))
    assert result.returncode == 2
    assert "holds Odoo 17.0; these add-ons need Odoo 18.0" in last_line(result)
    assert not list((home / ".cache" / "odoo-receivables").glob("odoo-18.0*"))


def test_missing_postgresql_binary_stops_before_installing_anything(tmp_path, home):
    odoo = fake_odoo(tmp_path / "odoo")
    empty = tmp_path / "pg-bin"
    empty.mkdir()
    result = run(["scripts/test"], home, ODOO_PATH=str(odoo), ODOO_PG_BINDIR=str(empty))
    assert result.returncode == 2
    assert last_line(result) == (
        f"error: PostgreSQL binaries missing: `initdb` not found in ODOO_PG_BINDIR={empty} "
        "(install PostgreSQL 15 or newer, or set PGHOST to use a running server)"
    )
    assert not (home / ".cache" / "odoo-receivables").exists()  # no venv made, nothing installed

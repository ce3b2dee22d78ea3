"""The floors of the house hold (docs/architecture.md): import-linter's contracts in
pyproject.toml keep the screens and the API above the domain apps, the domain apps in one order
above the core, the screen apps independent of each other, and no two modules of a package
importing each other. Each test runs `lint-imports` as CI does, on the real tree or on a copy
with one import added that a contract forbids."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def root_packages() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command on a copy of our own tree)
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's Python packages and pyproject.toml."""
    for package in root_packages():
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "static"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(tree: Path, module: str, statement: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{statement}  # added by the test\n")


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_domain_module_that_imports_a_screen_module_breaks_the_floors(tree):
    add_import(tree, "placements.selectors", "from staff.views import placements")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "placements is not allowed to import staff" in result.stdout
    assert "placements.selectors -> staff.views.placements" in result.stdout


def test_a_lower_domain_app_that_imports_a_higher_one_breaks_the_floors(tree):
    add_import(tree, "programmes.models", "import placements.models")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "programmes is not allowed to import placements" in result.stdout


def test_one_screen_app_that_imports_another_breaks_their_independence(tree):
    add_import(tree, "portal.views.host", "from staff import forms")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "portal is not allowed to import staff" in result.stdout


def test_the_core_that_imports_a_domain_app_breaks_the_floors(tree):
    add_import(tree, "exchange_portal.history", "import participants.models")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "exchange_portal is not allowed to import participants" in result.stdout


def test_two_service_modules_that_import_each_other_break_the_acyclic_contract(tree):
    add_import(tree, "placements.services.nominations", "from . import withdrawals")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "No cycles are allowed in placements.services." in result.stdout

"""The README and the files CI uses say the same thing."""

from __future__ import annotations

from tests.conftest import REPO


def test_readme_names_every_debian_package_the_app_needs():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    listed = (REPO / ".ci" / "qt-packages.txt").read_text(encoding="utf-8").splitlines()
    packages = [line.strip() for line in listed if line.strip() and not line.startswith("#")]
    assert packages
    missing = [p for p in packages if p not in readme]
    assert not missing, f"README.md does not name {missing}"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after_marker = readme.split("<!-- test-command -->", 1)[1]
    command = after_marker.split("```", 2)[1].strip()
    assert command == "bash .ci/test"
    assert "<!-- test-command -->" in (REPO / ".ci" / "run").read_text(encoding="utf-8")

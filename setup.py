"""Packages of the wheel: the code, and the top-level resources/ folder shipped as desktop_app.resources.

setuptools' declarative configuration cannot map a folder outside the package into it together with
package discovery, so the list is computed here; everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"

resource_packages = ["desktop_app.resources"] + [
    "desktop_app.resources." + ".".join(folder.relative_to(RESOURCES).parts)
    for folder in sorted(RESOURCES.rglob("*"))
    if folder.is_dir() and "__pycache__" not in folder.parts
]

setup(
    packages=find_packages(include=["desktop_app", "desktop_app.*"]) + resource_packages,
    package_dir={"desktop_app.resources": "resources"},
    package_data={
        "desktop_app.storage.migrations": ["*.mako"],
        **{name: ["*"] for name in resource_packages},
    },
)

"""The lifecycle's fixtures (a demo school database per test, a service over it) for the question tests."""

from tests.lifecycle.conftest import _config_dirs, demo_db, demo_template, service  # noqa: F401

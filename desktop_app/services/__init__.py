"""Application services: the one path every edit, export and submission takes (CLI and GUI alike)."""

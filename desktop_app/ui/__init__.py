"""The desktop window (PySide6): a thin main window over one generic form engine."""

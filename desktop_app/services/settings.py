"""The user's settings: a small JSON file in the user's configuration folder (never secrets).

The SMTP password is kept by the operating system's keyring (exporters/email), never here.
A broken settings file is set aside and defaults are used, with a message; nothing else is lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

APP_NAME = "school-report"
APP_AUTHOR = "school-report"


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = "zh"  # zh | en
    mode: str = "school"  # school | bureau (区教体局汇总)
    database_path: str = ""  # the school's database (empty: school-report.sqlite3 in the user's data folder)
    bureau_email: str = ""
    smtp_host: str = ""
    smtp_port: int = 465
    smtp_security: str = "ssl"  # ssl (465) | starttls (587)
    smtp_user: str = ""
    sender_name: str = ""
    backups_keep: int = 10
    output_dir: str = ""  # where submitted files go, a folder per period (empty: 文档/学校工作报送)
    export_folder: str = ""  # the folder last chosen for an export
    first_run_done: bool = False

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def config_dir() -> Path:
    override = os.environ.get("SCHOOL_REPORT_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, APP_AUTHOR, roaming=False))


def data_dir() -> Path:
    """The user's local data folder: the database, backups, logs (never the install folder)."""
    override = os.environ.get("SCHOOL_REPORT_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


SUBMISSIONS_FOLDER = "学校工作报送"  # in the clerk's Documents: where 上报 puts its files, one folder per period


def documents_dir() -> Path:
    """The user's visible Documents folder (文档), where files for people go (never the data folder)."""
    override = os.environ.get("SCHOOL_REPORT_DOCUMENTS_DIR")
    if override:
        return Path(override)
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())


def submissions_root(settings: Settings) -> Path:
    """The folder holding every period's submitted files: the setting, else 文档/学校工作报送."""
    if settings.output_dir:
        return Path(os.path.expanduser(settings.output_dir))
    return documents_dir() / SUBMISSIONS_FOLDER


def default_database_path(mode: str = "school") -> Path:
    name = "bureau.sqlite3" if mode == "bureau" else "school-report.sqlite3"
    return data_dir() / name


def database_target(mode: str, given: str | Path | None = None, settings: Settings | None = None) -> str:
    """The database a mode opens, the one answer for the school's window and commands and for the bureau's:
    `given` (--db: a file path or a SQLAlchemy URL), else for the school the settings' `database_path`,
    else the mode's default file in the data folder (school-report.sqlite3, bureau.sqlite3). The school's
    setting is never the bureau's database, whatever the mode."""
    if given is not None and str(given) != "":
        return str(given)
    if mode == "bureau":
        path = default_database_path("bureau")
        path.parent.mkdir(parents=True, exist_ok=True)  # the data folder of a first start
        return str(path)
    if settings is None:
        try:
            settings = load_settings()
        except (SettingsError, OSError):  # a damaged file is set aside by load_settings; the defaults hold
            settings = Settings()
    return settings.database_path or str(default_database_path("school"))


def settings_path() -> Path:
    return config_dir() / "settings.json"


class SettingsError(ValueError):
    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = zh, en or zh
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; unknown keys are ignored, a damaged file is set aside (renamed)."""
    target = path or settings_path()
    if not target.exists():
        return Settings()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        known = {f.name: f for f in fields(Settings)}
        values = {key: value for key, value in data.items() if key in known}
        settings = Settings(**values)
        for f in fields(Settings):
            expected = type(getattr(Settings(), f.name))
            if not isinstance(getattr(settings, f.name), expected):
                raise ValueError(f.name)
        return settings
    except (ValueError, TypeError) as error:
        aside = target.with_suffix(".json.broken")
        os.replace(target, aside)
        raise SettingsError(
            f"设置文件 {target} 已损坏（{error}），已改名为 {aside.name} 并恢复默认设置。",
            f"The settings file {target} was damaged ({error}); it was renamed to {aside.name} "
            "and the default settings are used.",
        ) from error


def save_settings(settings: Settings, path: Path | None = None) -> None:
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".json.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(asdict(settings), handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)

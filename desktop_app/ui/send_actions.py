"""报送 menu: 发送至区教体局… (the Send dialog: SMTP, or an .eml draft for webmail users)."""

from __future__ import annotations

from typing import Any

from desktop_app.ui.actions import ActionSpec, register_action
from desktop_app.ui.i18n import tr


def send(window: Any) -> None:
    from desktop_app.ui.exports.common import warn
    from desktop_app.ui.exports.send_dialog import open_send_dialog

    try:
        open_send_dialog(window)
    except (ValueError, OSError) as error:  # the submission could not be read: say why
        warn(window, tr("send.cannot_prepare", error=error))


register_action(ActionSpec("send", "report", send, order=30))

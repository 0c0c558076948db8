"""One window per database: the running window listens on a local socket named after the database;
a second start (refused by the instance lock) asks it to come forward, then quits.

    listen(window, database)        # in the running window, once the lock is held
    bring_forward(database)         # in the second start, on DatabaseInUse: True if the window answered
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from desktop_app.storage.instance_lock import server_name

MESSAGE = b"raise\n"


class InstanceServer(QObject):
    def __init__(self, window: QWidget, database: Path) -> None:
        super().__init__(window)
        self.window = window
        self.server = QLocalServer(self)
        name = server_name(database)
        QLocalServer.removeServer(name)  # a socket left by a crashed instance; we hold the lock, so it is stale
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._connected)
        self.requests = 0

    def _connected(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._read(socket))
        socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(MESSAGE.strip()):
            self.requests += 1
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()


def listen(window: QWidget, database: Path) -> InstanceServer:
    return InstanceServer(window, database)


def bring_forward(database: Path, timeout_ms: int = 1000) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(MESSAGE)
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True

"""Printer classes added to python-escpos's: a folder for development, and network and serial
connections that give up on a printer that stops reading instead of hanging.
"""

import socket
from datetime import datetime
from pathlib import Path

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy, Network, Serial

from reception.printing.raster import raster_preview


class FilePrinter(Dummy):
    """Collect ESC/POS bytes and write each job to a folder, with a PNG preview beside it.

    A job is written by save() or close(); a printer dropped without closing writes nothing.
    """

    def __init__(self, folder: str | Path, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(folder)

    def __del__(self) -> None:
        # Escpos.__del__ closes the printer; writing files during garbage collection would
        # surprise, so unsaved output is dropped instead.
        pass

    def open(self) -> None:
        """Create the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)

    def save(self, name: str | None = None) -> Path | None:
        """Write the collected bytes to ``<name>.bin`` and a ``<name>.png`` preview; clear them.

        :param name: file name without extension; a timestamp when omitted.
        :returns: the path of the .bin file, or None when nothing was printed.
        """
        data = self.output
        if not data:
            return None
        self.open()
        stem = name or datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self._create_unique(stem, data)
        preview = raster_preview(data)
        if preview is not None:
            preview.save(path.with_suffix(".png"))
        self.clear()
        return path

    def close(self) -> None:
        """Write the pending job, if any."""
        self.save()

    def _create_unique(self, stem: str, data: bytes) -> Path:
        """Write data to a new ``<stem>.bin`` (or ``<stem>-N.bin``) without overwriting."""
        for attempt in range(1000):
            path = self.folder / (f"{stem}.bin" if not attempt else f"{stem}-{attempt}.bin")
            try:
                with path.open("xb") as file:  # "x": two jobs in one instant never share a file
                    file.write(data)
                return path
            except FileExistsError:
                continue
        raise FileExistsError(f"no free file name for {stem} in {self.folder}")


class NetworkPrinter(Network):
    """A raw TCP printer whose reads and writes give up after ``timeout`` seconds of silence."""

    #: Bytes per send; the socket timeout then means "no progress", not "whole job too slow".
    CHUNK = 4096
    #: A small send buffer makes a job fail when the printer stops reading, instead of the
    #: kernel absorbing megabytes (loopback autotunes to ~4 MB) and the job vanishing silently.
    SEND_BUFFER = 16384

    def open(self, raise_not_found: bool = True) -> None:
        """Connect to the printer.

        :raises DeviceNotFoundError: when it cannot be reached within the timeout.
        """
        if self._device:
            self.close()
        try:
            connection = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            self._device = None
            raise DeviceNotFoundError(f"{self.host}:{self.port}: {exc}") from exc
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.SEND_BUFFER)
        self._device = connection

    def _raw(self, msg: bytes) -> None:
        """Send bytes in chunks, each within the timeout."""
        connection = self.device
        for start in range(0, len(msg), self.CHUNK):
            connection.sendall(msg[start : start + self.CHUNK])

    def _read(self) -> bytes:
        """Return what the printer sent back, or b"" if it said nothing within the timeout."""
        try:
            return self.device.recv(16)
        except TimeoutError:
            return b""

    def close(self) -> None:
        """Finish sending and disconnect."""
        connection = self._device
        if not connection:
            return
        self._device = False
        try:
            # Closing with unread replies sends a reset, which can throw away the end of the
            # job still in the send buffer: read what the printer sent first.
            connection.setblocking(False)
            while connection.recv(4096):
                pass
        except OSError:
            pass
        try:
            connection.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        connection.close()


class SerialPrinter(Serial):
    """A serial printer whose writes fail after ``timeout`` seconds without progress."""

    #: About half a second of data at 9600 baud, so slow lines still progress within a timeout.
    CHUNK = 512

    def open(self, raise_not_found: bool = True) -> None:
        """Open the port with a write timeout; python-escpos sets only a read timeout."""
        super().open(raise_not_found)
        if self._device:
            self._device.write_timeout = self.timeout

    def _raw(self, msg: bytes) -> None:
        """Write bytes in chunks, each within the timeout."""
        port = self.device
        for start in range(0, len(msg), self.CHUNK):
            port.write(msg[start : start + self.CHUNK])

    def _read(self) -> bytes:
        """Return what the printer sent back, or b"" if it said nothing within the timeout."""
        port = self.device
        reply = port.read(1)  # returns as soon as one byte arrives; read(16) would wait it out
        return reply + port.read(port.in_waiting) if reply else reply

    def close(self) -> None:
        """Close the port without python-escpos's flush(): tcdrain() waits without limit while a
        hung printer holds the flow control."""
        port = self._device
        self._device = False
        if port and port.is_open:
            port.close()

"""A loopback TCP relay that a test can cut and restore, to take a database away from the app without touching it."""
import socket
import threading


class TcpProxy:
    """Listen on 127.0.0.1:<port> and relay each connection to the target; `cut()` drops all, `restore()` heals."""

    def __init__(self, target_host="127.0.0.1", target_port=5432):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open = set()
        self._cut = False
        self._closed = False
        self._marker = None  # drop_reply_to(): the client bytes whose reply is lost
        self._muted = False
        self.refused = 0  # connections refused while cut: a test can wait until the app has tried again
        self.reply_dropped = threading.Event()  # set once drop_reply_to() has lost its reply and cut the link
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._closed = True
        self.listener.close()
        self._close_all()
        self._thread.join(timeout=5)

    def cut(self):
        """Close every relayed connection and refuse new ones until `restore()`."""
        with self._lock:
            self._cut = True
        self._close_all()

    def drop_reply_to(self, marker, settle=0.3, stay_cut=False):
        """Forward the next client message containing `marker`, lose the server's reply, then drop every
        connection: a COMMIT that the server applies but whose answer never comes. New connections are
        relayed, or with `stay_cut` refused until `restore()`."""
        self._marker, self._settle, self._stay_cut = marker, settle, stay_cut
        self.reply_dropped.clear()

    def restore(self):
        """Relay new connections again."""
        with self._lock:
            self._cut = False

    def _drop_after_reply(self):
        if self._stay_cut:
            self.cut()
        else:
            self._close_all()
        self._muted = False
        self.reply_dropped.set()

    def _close_all(self):
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            try:
                # shutdown wakes the pump blocked in recv at once; close alone may not.
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept_loop(self):
        while not self._closed:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            with self._lock:
                refuse = self._cut
            if refuse:
                # Accept and drop at once: the client sees the server close, as when a database goes away.
                self.refused += 1
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink, to_client in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pump, args=(source, sink, to_client), daemon=True).start()

    def _pump(self, source, sink, to_client):
        try:
            while chunk := source.recv(65536):
                if to_client and self._muted:
                    continue
                if not to_client and self._marker and self._marker in chunk:
                    self._marker, self._muted = None, True
                    sink.sendall(chunk)
                    threading.Timer(self._settle, self._drop_after_reply).start()
                    continue
                sink.sendall(chunk)
        except OSError:
            pass
        for sock in (source, sink):
            with self._lock:
                self._open.discard(sock)
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

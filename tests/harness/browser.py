"""Headless Chromium, driven through the DevTools protocol over a pipe (Python's standard
library only): open a page, collect what its console and scripts report, evaluate
JavaScript in it, switch light and dark, and take a screenshot. For the tests of the
pages the harness writes (the html report, a class's summary.html)."""

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--remote-debugging-pipe"]
TIMEOUT = 30.0


def executable():
    """The Chromium here, or None (then the tests that need it say so and skip)."""
    if os.name != "posix":
        return None  # (the pipe is handed over as fds 3 and 4: POSIX only)
    return next((path for path in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if path),
                None)


class BrowserError(Exception):
    pass


class Browser:
    """One Chromium, one tab. Use as a context manager."""

    def __init__(self, width=1000, height=800):
        self._profile = tempfile.mkdtemp(prefix="labs-chromium-")
        to_chromium, self._to_chromium = os.pipe()
        self._from_chromium, from_chromium = os.pipe()

        def hand_over_the_pipe():
            os.dup2(to_chromium, 3)
            os.dup2(from_chromium, 4)

        self._process = subprocess.Popen(
            [executable()] + FLAGS + ["--user-data-dir=" + self._profile, "--window-size={},{}".format(width, height),
                                      "about:blank"],
            pass_fds=(3, 4), preexec_fn=hand_over_the_pipe, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chromium)
        os.close(from_chromium)
        self._buffer, self._next_id, self.events = b"", 0, []
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                  session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(domain + ".enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def __enter__(self):
        return self

    def __exit__(self, *failure):
        self.close()

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except (BrowserError, OSError):
            pass
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(5)
        for fd in (self._to_chromium, self._from_chromium):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    # --- the protocol: a JSON message each way, ended by a NUL byte

    def call(self, method, params=None, session=True):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_chromium, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError("{}: {}".format(method, answer["error"]))
                return answer.get("result", {})
            self.events.append(answer)
        raise BrowserError("{}: no answer in {:g} s".format(method, TIMEOUT))

    def _read(self, deadline):
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_chromium], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise BrowserError("Chromium said nothing in {:g} s".format(TIMEOUT))
            chunk = os.read(self._from_chromium, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium ended")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message.decode("utf-8"))

    # --- what a test does

    def open(self, url):
        """Opens `url` and waits until it has loaded."""
        self.events = []
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + TIMEOUT
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            if time.monotonic() > deadline:
                raise BrowserError("{} did not load in {:g} s".format(url, TIMEOUT))
            self.events.append(self._read(deadline))

    def problems(self):
        """What the page reported as going wrong: console errors and warnings, uncaught
        exceptions, log entries of level error, and requests that failed."""
        told = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                told.append("console.{}: {}".format(params["type"], [arg.get("value") for arg in params["args"]]))
            elif method == "Runtime.exceptionThrown":
                told.append("exception: {}".format(params["exceptionDetails"].get("text")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                told.append("log: {}".format(params["entry"].get("text")))
            elif method == "Network.loadingFailed":
                told.append("request failed: {}".format(params.get("errorText")))
        return told

    def requests(self):
        """The URLs the page asked for (the page itself first)."""
        return [event["params"]["request"]["url"] for event in self.events
                if event.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError("{}: {}".format(expression[:60], result["exceptionDetails"]))
        return result["result"].get("value")

    def colour_scheme(self, scheme):
        """"light" or "dark": what prefers-color-scheme says."""
        self.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def screenshot(self, path):
        """A PNG of the whole page."""
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        with open(path, "wb") as png:
            png.write(base64.b64decode(data))

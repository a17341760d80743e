"""Take the README's screenshot of the demo catalogue, from a throwaway demo server on loopback.

    make screenshot      # writes docs/screenshot-catalogue.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "DJANGO_DEBUG": "1", "WORKGROUPS_DEMO": "1",
               "WORKGROUPS_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1100, "height": 1000})
                page.goto(f"http://127.0.0.1:{PORT}/hubs/cheshire-and-wirral/2024-25/")
                out = ROOT / "docs" / "screenshot-catalogue.png"
                page.screenshot(path=str(out))
                browser.close()
                print(f"wrote {out.relative_to(ROOT)}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""How the journeys launch Debian's chromium (Playwright cannot download browsers here)."""

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium stalls on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the hub's web view in a real browser: Debian's headless Chromium driven by Selenium.

usage: view_check.py URL SCREENSHOT_DIR --members ann,bob,cat --speaker ann --message TEXT
                     --injection TEXT --hub-port PORT

The hub at URL must already hold, in its ring, the speaker's MESSAGE relayed to the other
members, and some member's INJECTION (text that would be markup if it were ever parsed as HTML);
PORT is the hub's UDP port.
Prints one line per check ("ok ..." or "FAIL ..."), then "view_check: all N checks passed" and
exits 0, or exits 1 after the first failure it cannot go on from (2 for bad arguments). Saves
ladder.png, datagram.png and rate-chart.png in SCREENSHOT_DIR.

Run with Debian's /usr/bin/python3: python3-selenium lives in its dist-packages.
"""
import argparse
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DEADLINE_S = 15
WIDTH, HEIGHT = 1280, 720  # a common projector's resolution

# Runs before the page's own script: records any alert/confirm/prompt and any CSP violation,
# so that "runs nothing" is asserted on, not only inferred from a dialog not being open.
WATCH = """
window.__udpchat_watch = {dialogs: [], violations: []};
for (const name of ['alert', 'confirm', 'prompt']) {
  const original = window[name];
  window[name] = function (...args) { window.__udpchat_watch.dialogs.push(name + ': ' + args.join(' '));
                                      return original.apply(this, args); };
}
document.addEventListener('securitypolicyviolation', (event) => {
  window.__udpchat_watch.violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


class CheckFailed(Exception):
    pass


class Checks:
    def __init__(self):
        self.passed = 0

    def ok(self, name, condition, detail=""):
        if not condition:
            print(f"FAIL {name}{': ' + detail if detail else ''}", flush=True)
            raise CheckFailed(name)
        self.passed += 1
        print(f"ok {name}", flush=True)


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                     f"--window-size={WIDTH},{HEIGHT}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(DEADLINE_S)
    driver.set_script_timeout(DEADLINE_S)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    return driver


def wait_for(driver, what, script, *args):
    """The first truthy result of `script` within the deadline, or a failed check named `what`."""
    try:
        return WebDriverWait(driver, DEADLINE_S, poll_frequency=0.2).until(
            lambda d: d.execute_script(script, *args))
    except TimeoutException:
        print(f"FAIL {what}: not within {DEADLINE_S} s", flush=True)
        raise CheckFailed(what)


# The arrows as the page draws them: every data attribute, the full text (in the <title>) and the
# label as shown.
ARROWS = """
return Array.from(document.querySelectorAll('#ladder .arrow')).map((g) => ({
  seq: g.dataset.seq, dir: g.dataset.dir, kind: g.dataset.kind, fate: g.dataset.fate,
  peer: g.dataset.peer, cause: g.dataset.cause,
  title: (g.querySelector('title') || {}).textContent || '',
  label: (g.querySelector('.label') || {}).textContent || ''}));
"""

MEMBERS = """
return Array.from(document.querySelectorAll('#member-rows tr.member')).map((tr) => ({
  name: tr.dataset.name, addr: tr.dataset.addr, text: tr.textContent}));
"""


def click_arrow(driver, seq):
    # Clicked as a person would (a real pointer event at the arrow's place), not by calling the
    # handler; the ladder is paused so the element stays where it is.
    arrow = driver.find_element(By.CSS_SELECTOR, f'#ladder .arrow[data-seq="{seq}"] .label')
    arrow.click()


def opened(driver, seq):
    return wait_for(driver, f"datagram #{seq} opened", """
      const panel = document.getElementById('datagram');
      if (panel.hidden || panel.dataset.seq !== arguments[0] || panel.dataset.state === 'loading') return null;
      const cell = (table, name) => {
        const row = Array.from(document.querySelectorAll('#datagram table.' + table + ' tr'))
          .find((tr) => tr.querySelector('th').textContent === name);
        return row ? row.querySelector('td').textContent : null;
      };
      return {state: panel.dataset.state, text: cell('fields', 'text'), sender: cell('fields', 'sender'),
              note: cell('fields', 'note'),
              hex: (document.querySelector('#datagram pre.hex') || {}).textContent || '',
              ip_source: cell('ip', 'source'), ip_version: cell('ip', 'version'),
              udp_source: cell('udp', 'source port'), udp_destination: cell('udp', 'destination port'),
              udp_length: cell('udp', 'length'),
              title: document.getElementById('datagram-title').textContent,
              headers: document.querySelectorAll('#datagram table.ip, #datagram table.udp').length,
              carrier: (document.querySelector('#datagram .carrier') || {}).textContent || ''};""", str(seq))


def run(arguments, driver, check):
    driver.get(arguments.url)
    wait_for(driver, "the event stream connects", "return document.body.dataset.connection === 'live';")
    check.ok("page served and connected", True)
    inline = driver.execute_script("return document.querySelectorAll('script:not([src])').length;")
    check.ok("no inline script in the page", inline == 0, str(inline))

    names = arguments.members.split(",")
    members = wait_for(driver, f"the member list shows {', '.join(names)}", """
      const rows = Array.from(document.querySelectorAll('#member-rows tr.member'));
      const names = rows.map((tr) => tr.dataset.name);
      return arguments[0].every((name) => names.includes(name)) ? rows.length : null;""", names)
    rows = {row["name"]: row for row in driver.execute_script(MEMBERS)}
    check.ok(f"member list shows {', '.join(names)}", all(name in rows for name in names), str(rows))
    for name in names:
        row = rows[name]
        check.ok(f"{name}'s row has its address", row["addr"].startswith("127.0.0.1:") and row["addr"] in row["text"],
                 str(row))
    speaker = rows[arguments.speaker]["addr"]
    others = sorted(rows[name]["addr"] for name in names if name != arguments.speaker)

    wait_for(driver, f"the ladder draws {arguments.speaker}'s message", """
      return Array.from(document.querySelectorAll('#ladder .arrow[data-dir="in"][data-kind="message"]'))
        .some((g) => g.dataset.peer === arguments[0] && g.querySelector('title').textContent.endsWith(': ' + arguments[1]));
      """, speaker, arguments.message)
    driver.find_element(By.ID, "pause").click()
    wait_for(driver, "Pause holds the ladder", "return document.body.dataset.playback === 'paused';")
    arrows = driver.execute_script(ARROWS)
    inbound = [a for a in arrows if a["dir"] == "in" and a["kind"] == "message" and a["peer"] == speaker
               and a["title"].endswith(": " + arguments.message)]
    check.ok(f"one in-arrow for {arguments.speaker}'s message", len(inbound) == 1, str(inbound))
    seq = inbound[0]["seq"]
    check.ok("its label says what it is", inbound[0]["label"].startswith("message")
             and arguments.message in inbound[0]["label"], inbound[0]["label"])
    fan_out = [a for a in arrows if a["cause"] == seq]
    check.ok(f"two out-arrows with cause {seq}", len(fan_out) == 2 and all(a["dir"] == "out" for a in fan_out),
             str(fan_out))
    check.ok("they go to the other two members", sorted(a["peer"] for a in fan_out) == others,
             f"{[a['peer'] for a in fan_out]} against {others}")
    check.ok("they are relays, sent", all(a["kind"] == "message" and a["fate"] == "sent" for a in fan_out),
             str(fan_out))
    check.ok("they come after it", all(int(a["seq"]) > int(seq) for a in fan_out), str(fan_out))
    driver.save_screenshot(os.path.join(arguments.screenshots, "ladder.png"))

    click_arrow(driver, seq)
    datagram = opened(driver, seq)
    check.ok("the datagram opens", datagram["state"] == "open", str(datagram))
    check.ok("decoded text is the message", datagram["text"] == arguments.message, str(datagram["text"]))
    check.ok("decoded fields include a note", bool(datagram["note"]) and datagram["note"] != "none",
             str(datagram["note"]))
    check.ok("hex dump starts at offset 000000", datagram["hex"].startswith("000000 "), datagram["hex"][:40])
    # od's layout: the message's bytes as two hex digits each after the offset, then the text column.
    first_bytes = " ".join(f"{byte:02x}" for byte in arguments.message.encode()[:16])
    check.ok("hex dump holds the message's bytes", datagram["hex"].startswith("000000 " + first_bytes),
             datagram["hex"][:80])
    if arguments.tcp:
        # The TCP room: a line, with no header of its own to show.
        check.ok("it is called a line", datagram["title"].startswith(f"Line #{seq}"), datagram["title"])
        check.ok("no IP or UDP header for a line", datagram["headers"] == 0, str(datagram))
        check.ok("the page says TCP carries it in segments", "TCP" in datagram["carrier"], datagram["carrier"])
    else:
        check.ok("IP header: IPv4 from the member", datagram["ip_version"] == "4"
                 and datagram["ip_source"] == speaker.rsplit(":", 1)[0], str(datagram))
        # The dump ends with the offset after the last byte: the payload's length.
        payload = int(datagram["hex"].strip().splitlines()[-1], 16)
        check.ok("UDP header: from the member's port to the hub's, length 8 + payload",
                 datagram["udp_source"] == speaker.rsplit(":", 1)[1]
                 and datagram["udp_destination"] == str(arguments.hub_port)
                 and datagram["udp_length"] == str(8 + payload), str(datagram))
    driver.save_screenshot(os.path.join(arguments.screenshots, "datagram.png"))

    injected = [a for a in arrows if a["dir"] == "in" and a["kind"] == "message"
                and a["title"].endswith(": " + arguments.injection)]
    check.ok("the injection is on the ladder as text", len(injected) == 1, str([a["title"] for a in arrows]))
    check.ok("its label shows it literally", arguments.injection in injected[0]["label"], injected[0]["label"])
    click_arrow(driver, injected[0]["seq"])
    datagram = opened(driver, injected[0]["seq"])
    check.ok("the injection opened shows literally", datagram["text"] == arguments.injection, str(datagram["text"]))
    elements = driver.execute_script(
        "return document.querySelectorAll('img, image, iframe, object, embed, [onerror], [onload]').length;")
    check.ok("no element was made from member text", elements == 0, str(elements))
    watch = driver.execute_script("return window.__udpchat_watch;")
    check.ok("no alert, confirm or prompt ran", not watch["dialogs"], str(watch["dialogs"]))
    try:
        text = driver.switch_to.alert.text
        check.ok("no dialog is open", False, text)
    except NoAlertPresentException:
        check.ok("no dialog is open", True)
    check.ok("the page broke none of the hub's Content-Security-Policy", not watch["violations"],
             str(watch["violations"]))

    driver.find_element(By.ID, "datagram-close").click()
    wait_for(driver, "the rate chart draws in and out", """
      return document.querySelector('#rates polyline.chart-in') && document.querySelector('#rates polyline.chart-out')
        && /members/.test(document.getElementById('rate-now').textContent);""")
    check.ok("rate chart drawn", True)
    driver.find_element(By.ID, "rates-panel").screenshot(os.path.join(arguments.screenshots, "rate-chart.png"))

    # Script errors and refusals under the Content-Security-Policy; a failed request shows in the
    # checks above.
    errors = [entry["message"] for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE" and entry.get("source") != "network"]
    check.ok("no script errors in the console", not errors, "\n".join(errors))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("screenshots")
    parser.add_argument("--members", required=True, help="comma-separated names, e.g. ann,bob,cat")
    parser.add_argument("--speaker", required=True)
    parser.add_argument("--message", required=True)
    parser.add_argument("--injection", required=True)
    parser.add_argument("--hub-port", type=int, required=True, help="the hub's UDP port (the room's TCP port)")
    parser.add_argument("--tcp", action="store_true",
                        help="the page is udpchat-room's: lines over TCP, with no IP or UDP header")
    arguments = parser.parse_args()
    if arguments.speaker not in arguments.members.split(","):
        parser.error("--speaker must be one of --members")
    os.makedirs(arguments.screenshots, exist_ok=True)

    check = Checks()
    profile = tempfile.mkdtemp(prefix="view-check-")
    driver = None
    try:
        driver = start_browser(profile)
        run(arguments, driver, check)
    except CheckFailed:
        if driver:
            driver.save_screenshot(os.path.join(arguments.screenshots, "failure.png"))
        return 1
    except WebDriverException as error:
        print(f"FAIL browser: {error.msg}", flush=True)
        return 1
    finally:
        if driver:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"view_check: all {check.passed} checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

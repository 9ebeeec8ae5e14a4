"""The pages the harness writes, as a browser shows them: the html report of a run with
failures (planted programs) and a class's summary.html, in headless Chromium. Each loads
with nothing fetched and no console error; each failed check has its diagram, with an
arrow per step that sent or received bytes; text keeps its contrast and the headings
their order, light and dark; a phone's width needs no sideways scrolling. Screenshots go
to build/artifacts/ (CI keeps them)."""

import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

from harness import gradebook, labs
from tests.harness import browser
from tests.harness.support import ROOT, planted

ARTIFACTS = os.environ.get("LABS_ARTIFACTS", os.path.join(ROOT, "build", "artifacts"))
NO_BROWSER = "needs Chromium (Debian: apt-get install chromium; `python3 -m harness test` installs it there)"

# Per failed check: its data arrows, and its steps that moved bytes, each by step number.
ARROWS_AND_STEPS = """[...document.querySelectorAll('section.check')].map(section => ({
  id: section.id,
  diagrams: section.querySelectorAll('svg.sequence').length,
  arrows: [...section.querySelectorAll('svg .arrow.data')].map(arrow => Number(arrow.dataset.step)),
  steps: [...section.querySelectorAll('ol.steps li')].map((li, index) => [index + 1, li.dataset.kind])
           .filter(([, kind]) => kind === 'sent' || kind === 'received').map(([number]) => number),
}))"""

# WCAG 2 contrast of every piece of text against what is behind it: for HTML, the first
# ancestor with a background; for SVG text, the shape under its middle.
CONTRAST = """(() => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  const opaque = colour => { const parts = rgb(colour); return parts.length === 3 || parts[3] > 0; };
  const behindHtml = element => {
    for (let e = element; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (opaque(colour)) return rgb(colour).slice(0, 3);
    }
    return [255, 255, 255];
  };
  const behindSvg = text => {
    const box = text.getBoundingClientRect();
    const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      .find(e => e instanceof SVGGeometryElement && e.tagName !== 'line' && getComputedStyle(e).fill !== 'none'
                 && e !== text);
    return under ? rgb(getComputedStyle(under).fill).slice(0, 3) : behindHtml(text.closest('svg'));
  };
  const worst = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element) || element.closest('title')) continue;
    seen.add(element);
    if (element.getClientRects().length === 0) continue;
    const svgText = element.closest('text');
    const colour = rgb(svgText ? getComputedStyle(svgText).fill : getComputedStyle(element).color).slice(0, 3);
    if (svgText) element.scrollIntoView({block: 'center'});
    const value = ratio(colour, svgText ? behindSvg(svgText) : behindHtml(element));
    if (value < 4.5) worst.push([value.toFixed(2), element.tagName, element.textContent.slice(0, 40)]);
  }
  return worst;
})()"""

HEADINGS = """[document.documentElement.lang, ...[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
  .map(h => Number(h.tagName[1]))]"""
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
SVG_LABELS = "[...document.querySelectorAll('svg')].map(svg => [svg.getAttribute('role'), svg.ariaLabel].join(':'))"


def harness(*args):
    return subprocess.run([sys.executable, "-m", "harness"] + list(args), cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)


@unittest.skipUnless(browser.executable(), NO_BROWSER)
class PageTest(unittest.TestCase):
    def read_page(self, path, screenshot):
        """Opens the page light and dark, wide and phone-narrow; asserts what every page must
        hold; returns the browser, still on the page (light, wide)."""
        os.makedirs(ARTIFACTS, exist_ok=True)
        url = pathlib.Path(path).as_uri()
        with browser.Browser(width=390, height=800) as phone:
            phone.open(url)
            self.assertLessEqual(phone.evaluate(OVERFLOW), 0, "a phone must not scroll the page sideways")
            phone.screenshot(os.path.join(ARTIFACTS, screenshot + "-phone.png"))
        page = browser.Browser(width=1000, height=900)
        self.addCleanup(page.close)
        page.open(url)
        self.assertEqual(page.problems(), [])
        self.assertEqual(page.requests(), [url], "the page must fetch nothing: it is self-contained")
        language, *levels = page.evaluate(HEADINGS)
        self.assertEqual(language, "en")
        self.assertEqual(levels.count(1), 1, "one h1")
        for before, after in zip(levels, levels[1:]):
            self.assertLessEqual(after, before + 1, "a heading level skipped: {}".format(levels))
        for label in page.evaluate(SVG_LABELS):
            self.assertRegex(label, r"^img:.+", "each picture says what it shows")
        for scheme in ("dark", "light"):
            page.colour_scheme(scheme)
            self.assertEqual(page.evaluate(CONTRAST), [], "text below 4.5:1 contrast ({})".format(scheme))
            page.screenshot(os.path.join(ARTIFACTS, "{}-{}.png".format(screenshot, scheme)))
        self.assertEqual(page.problems(), [])
        return page


class ChecksOfAPageTest(PageTest):
    def test_they_see_a_bad_page(self):
        """Low contrast, in HTML and under SVG text, is seen (else the checks above prove nothing)."""
        bad = os.path.join(tempfile.mkdtemp(prefix="labs-bad-"), "bad.html")
        with open(bad, "w", encoding="utf-8") as page:
            page.write('<!DOCTYPE html><html lang="en"><body style="background:#fff"><h1>Fine</h1>'
                       '<p style="color:#aaa">too light</p><svg role="img" aria-label="x" width="200" height="60">'
                       '<rect x="0" y="0" width="200" height="60" style="fill:#222"/>'
                       '<text x="10" y="30" style="fill:#444">dark on dark</text></svg></body></html>')
        with browser.Browser() as page:
            page.open(pathlib.Path(bad).as_uri())
            self.assertEqual(sorted(tag for _, tag, _ in page.evaluate(CONTRAST)), ["P", "text"])


class HtmlReportTest(PageTest):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="labs-html-")
        cls.server_report = os.path.join(cls.folder, "server.html")
        cls.server_run = harness("check", "tcp-server", "--cmd", planted("python_bytes"), "--format", "html",
                                 "--output", cls.server_report)
        cls.client_report = os.path.join(cls.folder, "client.html")
        cls.client_run = harness("check", "tcp-client", "--cmd", planted("client_sends_newline",
                                                                         "--host {host} --port {port}"),
                                 "--format", "html", "--output", cls.client_report)

    def test_the_text_report_says_where_the_page_is(self):
        self.assertEqual(self.server_run.returncode, 1, self.server_run.stdout)
        self.assertIn("the report, with a diagram of each failure: " + self.server_report, self.server_run.stdout)
        self.assertIn("FAIL  tcp-server/reply-format", self.server_run.stdout)  # (the text report still shows)

    def test_each_failure_is_drawn_with_an_arrow_per_step_that_moved_bytes(self):
        for report, run in ((self.server_report, self.server_run), (self.client_report, self.client_run)):
            with self.subTest(report=os.path.basename(report)):
                self.assertEqual(run.returncode, 1, run.stdout)
                page = self.read_page(report, "report-" + os.path.basename(report)[:-5])
                sections = page.evaluate(ARROWS_AND_STEPS)
                self.assertGreaterEqual(len(sections), 3, run.stdout)
                self.assertEqual(len(sections), run.stdout.count("FAIL  "), "a section per failed check")
                for section in sections:
                    self.assertEqual(section["diagrams"], 1, section["id"])
                    self.assertEqual(section["arrows"], section["steps"], section["id"])
                self.assertTrue(any(section["arrows"] for section in sections), "some failure moved bytes")

    def test_the_diagram_tells_the_bytes_and_where_it_broke(self):
        page = browser.Browser()
        self.addCleanup(page.close)
        page.open(pathlib.Path(self.server_report).as_uri())
        told = page.evaluate("document.querySelector('[id$=reply-format] svg').textContent")
        self.assertIn("\"hello\" (5 bytes)", told)
        self.assertIn(":b'hello'", told)  # the reply, as it came
        self.assertIn("✗ expected the reply", told)
        self.assertIn("hint (python-bytes)", told)


class ClassSummaryTest(PageTest):
    def test_summary_html_shows_its_charts(self):
        chosen = labs.find_labs(["01", "02"])
        outcomes = []
        for number in range(12):
            score = (number * 17) % 101
            outcomes.append({"student": "s{:02d}".format(number), "commit": "abc", "status": "ok", "notes": [],
                             "labs": {"01": [score, 100], "02": [100 - score, 100]},
                             "checks": {"01": {"tcp-server/starts": ["pass" if score > 50 else "fail",
                                                                     "" if score > 50 else "exited-early"]}}})
        outcomes.append({"student": "gone", "commit": "", "status": "missing", "notes": [], "labs": {}, "checks": {}})
        folder = tempfile.mkdtemp(prefix="labs-summary-")
        gradebook.write(folder, outcomes, chosen)
        page = self.read_page(os.path.join(folder, "summary.html"), "class-summary")
        bars = page.evaluate("[...document.querySelectorAll('svg')].map(svg => svg.querySelectorAll('rect').length)")
        self.assertEqual(bars, [gradebook.BINS, len(chosen)])
        summary = gradebook.summarize(outcomes, chosen)
        values = summary["bins"] + [round(mean) for _, mean, _, _ in summary["labs"]]
        drawn = page.evaluate("[...document.querySelectorAll('svg rect')].map(r => r.getBoundingClientRect().height)")
        self.assertEqual([height > 0 for height in drawn], [value > 0 for value in values], "a bar per value")
        self.assertIn("exited-early", page.evaluate("document.body.textContent"))


if __name__ == "__main__":
    unittest.main()

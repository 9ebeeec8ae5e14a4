"""The html format: one self-contained page (inline CSS and SVG, nothing fetched) with the
scoreboard, each lab's checks, and each failed check's story drawn as a sequence diagram
(report/sequence.py), then told as its numbered steps. Light and dark, phone and print."""

import html

from .. import __version__
from ..language import chosen, say
from ..results import ERROR, FAIL, PASS, SKIP
from . import DocumentReporter, sequence

MARKS = {PASS: "✓ pass", FAIL: "✗ fail", ERROR: "⚠ error", SKIP: "– skipped"}

STYLE = """
:root { --fg: #1b1b1b; --bg: #ffffff; --muted: #545454; --rule: #c8c8c8; --note: #f1f3f5; --pass: #1a6b31;
        --fail: #b3261e; --fail-bg: #fdeceb; --error: #7b1fa2; --skip: #6b5200; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e9e9e9; --bg: #151515; --muted: #b5b5b5; --rule: #4a4a4a; --note: #262a2e; --pass: #7ddc92;
          --fail: #ff9d94; --fail-bg: #3b1c1a; --error: #e3aaf5; --skip: #e8c865; } }
@media print { :root { --fg: #000; --bg: #fff; --muted: #333; --note: #f1f3f5; --fail-bg: #fdeceb; }
               section.check { break-inside: avoid; } }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 62em; padding: 1em; color: var(--fg);
       background: var(--bg); overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: .2em 0; } h2 { font-size: 1.3em; margin-top: 1.6em; } h3 { font-size: 1.1em; }
.wide { overflow-x: auto; } table { border-collapse: collapse; margin: .5em 0; }
td, th { padding: .25em .6em; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th, td.n, td.pass, td.fail, td.error, td.skip { white-space: nowrap; } td.n { text-align: right; }
code { font: .92em ui-monospace, monospace; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .error { color: var(--error); }
.skip { color: var(--skip); }
.muted { color: var(--muted); } .hint { border-left: 4px solid var(--fail); padding: .2em .8em; }
section.check { border-top: 1px solid var(--rule); margin-top: 1em; }
figure { margin: .5em 0; } svg.sequence { width: 100%; height: auto; max-width: 60em; display: block; }
svg text { fill: var(--fg); font: 12px ui-monospace, monospace; white-space: pre; } svg .time { fill: var(--muted); }
svg .lifeline { stroke: var(--muted); stroke-dasharray: 2 4; }
svg .head rect { fill: var(--note); stroke: var(--muted); }
svg .arrow line { stroke: var(--fg); stroke-width: 1.4; } svg .arrow polygon { fill: var(--fg); }
svg .signal line { stroke-dasharray: 6 4; } svg .note rect { fill: var(--note); stroke: var(--rule); }
svg .failure rect { fill: var(--fail-bg); stroke: var(--fail); stroke-width: 1.5; }
ol.steps { font: 13px/1.45 ui-monospace, monospace; padding-left: 2.6em; }
"""

GUTTER, FIRST, COLUMN, ROW, GAP = 70, 150, 300, 30, 18


class HtmlReporter(DocumentReporter):
    """Writes the page to `stream`; then, if `path` is given, tells `tell` where it is."""

    def __init__(self, stream, path=None, tell=None):
        super().__init__(stream)
        self.path, self.tell, self.sources = path, tell, {}

    def job_started(self, job):
        self.sources[job.name] = job.source_hint

    def render(self, run_result):
        return page(run_result, self.sources)

    def run_finished(self, run_result):
        super().run_finished(run_result)
        if self.path and self.tell is not None:
            self.tell.write(say("the report, with a diagram of each failure: {}", self.path) + "\n")
            self.tell.flush()


def page(run_result, sources=None):
    sources = sources or {}
    title = say("Socket labs: {}/{}", run_result.score, run_result.max_score)
    body = ["<header><h1>{}</h1>".format(title),
            '<p class="muted">harness {}</p></header>'.format(html.escape(__version__)),
            '<div class="wide"><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>'.format(
                say("lab"), say("score"), say("checks passed"))]
    for lab in run_result.labs:
        passed = sum(check.status == PASS for check in lab.checks)
        body.append('<tr><td><a href="#lab-{0}">{0}</a></td><td class="n">{1}/{2}</td><td class="n">{3}</td>'
                    '</tr>'.format(html.escape(lab.name), lab.score, lab.max_score,
                                   say("{} of {}", passed, len(lab.checks))))
    body.append("</table></div>")
    for lab in run_result.labs:
        body += _lab(lab, sources.get(lab.name, ""))
    return ('<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{}</title><style>{}</style></head><body>{}</body></html>\n").format(
                chosen(), title, STYLE, "\n".join(body))


def _lab(lab, source):
    told = ['<section class="lab" id="lab-{0}"><h2>{0}: {1}/{2}</h2>'.format(
        html.escape(lab.name), lab.score, lab.max_score)]
    if source:
        told.append('<p class="muted">{} <code>{}</code></p>'.format(say("graded:"), html.escape(source)))
    told.append('<div class="wide"><table><tr>{}</tr>'.format("".join(
        "<th>{}</th>".format(say(head)) for head in ("result", "check", "points", "what it proves"))))
    for check in lab.checks:
        name = html.escape(check.id)
        if check.status in (FAIL, ERROR):
            name = '<a href="#{}">{}</a>'.format(_anchor(lab, check), name)
        told.append('<tr><td class="{}">{}</td><td><code>{}</code></td><td class="n">{}/{}</td><td>{}</td></tr>'.format(
            check.status, say(MARKS[check.status]), name, check.points, check.max_points, html.escape(check.proves)))
    told.append("</table></div>")
    for check in lab.checks:
        if check.status in (FAIL, ERROR):
            told.append(_failure(lab, check))
    told.append("</section>")
    return told


def _anchor(lab, check):
    return "{}-{}".format(lab.name, check.id.replace("/", "-"))


def _failure(lab, check):
    parts = ['<section class="check" id="{}"><h3><span class="{}">{}</span> <code>{}</code></h3>'.format(
        _anchor(lab, check), check.status, say(MARKS[check.status]), html.escape(check.id))]
    if check.message:
        parts.append("<p>{}</p>".format(html.escape(check.message).replace("\n", "<br>")))
    if check.hint:
        parts.append('<p class="hint"><strong>{}</strong> (<code>{}</code>): {}</p>'.format(
            say("hint"), html.escape(check.hint_id), html.escape(check.hint)))
    if check.steps:
        parts.append("<figure>{}<figcaption class=\"muted\">{}</figcaption></figure>".format(
            diagram(check), say("The exchange, as it happened: time since the check began on the left.")))
        parts.append('<ol class="steps">' + "".join('<li data-kind="{}">{}</li>'.format(step.kind, html.escape(
            step.text)) for step in check.steps) + "</ol>")
    parts.append("</section>")
    return "".join(parts)


def diagram(check):
    """The SVG sequence diagram of a check's story."""
    lines = sequence.lifelines(check)
    x = {key: GUTTER + FIRST + index * COLUMN for index, (key, _) in enumerate(lines)}
    width = GUTTER + 2 * FIRST + (len(lines) - 1) * COLUMN
    shapes, y, before = [], 64, None
    for row in sequence.rows(check):
        if row.at is not None and before is not None and row.at - before > 0.25:
            shapes.append('<text class="time" x="4" y="{}">⋯ {:.2f} s</text>'.format(y - 4, row.at - before))
            y += GAP
        if row.at is not None:
            shapes.append('<text class="time" x="4" y="{}">{:.3f} s</text>'.format(y + 4, row.at))
            before = row.at
        shapes.append(_row(row, x, y, lines, check))
        y += ROW if row.kind != sequence.FAILURE else 2 * ROW
    height = y + 10
    heads = "".join('<g class="head"><title>{}</title><rect x="{}" y="6" width="220" height="28" rx="4"/><text x="{}" '
                    'y="25" text-anchor="middle">{}</text><line class="lifeline" x1="{}" y1="34" x2="{}" y2="{}"/>'
                    '</g>'.format(html.escape(title), x[key] - 110, x[key], html.escape(sequence.short(title, 30)),
                                  x[key], x[key], height)
                    for key, title in lines)
    label = say("sequence diagram of {}: {} steps", check.id, len(check.steps))
    return ('<svg class="sequence" role="img" aria-label="{0}" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
            'xmlns="http://www.w3.org/2000/svg"><title>{0}</title>{3}{4}</svg>').format(
                html.escape(label), width, height, heads, "".join(shapes))


def _row(row, x, y, lines, check):
    title = "<title>{}</title>".format(html.escape(row.text))
    number = "{}. ".format(row.number) if row.number else ""
    if sequence.is_arrow(row):
        start, end = x[row.start], x[row.end]
        tip = end - 9 if end > start else end + 9
        kind = "data" if sequence.is_data(row) else "signal"
        return ('<g class="arrow {} {}" data-step="{}">{}<line x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<polygon points="{},{} {},{} {},{}"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>').format(
                    kind, row.kind, row.number, title, start, y, tip, y, end, y, tip, y - 5, tip, y + 5,
                    (start + end) // 2, y - 6, html.escape(number + row.label))
    if row.kind == sequence.FAILURE:
        left, right = x[lines[0][0]] - 140, x[lines[-1][0]] + 140
        hint = sequence.short(say("hint ({}): {}", check.hint_id, check.hint), 80) if check.hint else ""
        return ('<g class="failure">{}<rect x="{}" y="{}" width="{}" height="{}" rx="4"/><text x="{}" y="{}">{}'
                '</text><text x="{}" y="{}">{}</text></g>').format(
                    title, left, y - 14, right - left, 2 * ROW - 8, left + 8, y + 2, html.escape("✗ " + row.label),
                    left + 8, y + 22, html.escape(hint))
    centre = x[row.start]
    return ('<g class="note {}" data-step="{}">{}<rect x="{}" y="{}" width="280" height="22" rx="3"/>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text></g>').format(
                row.kind, row.number, title, centre - 140, y - 14, centre, y + 1,
                html.escape(sequence.short(number + row.label, 38)))

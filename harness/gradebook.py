"""What a class's grading leaves for the instructor, in DIR: gradebook.csv (a row per
student: a spreadsheet or an LMS imports it as is), summary.md and summary.html (the
totals' distribution, each lab's and each check's pass rate, the hints the class got most,
with their words), and similarity/, the sources graded laid out for MOSS or JPlag. Each
student's outcome is saved in DIR/students/NAME/outcome.json as soon as it is known; all of
this is written from those, so shards graded apart merge (`class merge`)."""

import csv
import html
import json
import os
import shutil
from collections import Counter

from .hints import HINTS

WRITTEN = ("gradebook.csv", "summary.md", "summary.html")
OUTCOME = "outcome.json"
BINS = 10  # the distribution of totals: tenths of the most there is


def save_outcome(folder, outcome):
    temporary = os.path.join(folder, OUTCOME + ".part")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(outcome, out, indent=1, ensure_ascii=False)
    os.replace(temporary, os.path.join(folder, OUTCOME))


def load_outcome(folder):
    try:
        with open(os.path.join(folder, OUTCOME), encoding="utf-8") as source:
            return json.load(source)
    except (OSError, ValueError):
        return None


def total(outcome):
    """(score, most) of a student, over the labs graded."""
    return (sum(score for score, _ in outcome["labs"].values()), sum(most for _, most in outcome["labs"].values()))


def write(output, outcomes, chosen, course=None):
    """gradebook.csv, summary.md and summary.html in `output`, for `outcomes` (roster order);
    and similarity/base/ from the course's starters, if `course` is given."""
    with open(os.path.join(output, "gradebook.csv"), "w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(["student", "commit"] + [lab.folder for lab in chosen] +
                       ["total", "max", "status", "graded_at", "harness", "notes"])
        for outcome in outcomes:
            score, most = total(outcome)
            table.writerow([outcome["student"], outcome["commit"]] +
                           [outcome["labs"].get(lab.number, [0, 0])[0] for lab in chosen] +
                           [score, most or 100 * len(chosen), outcome["status"], outcome.get("graded_at", ""),
                            outcome.get("harness", ""), " ".join(outcome["notes"])])
    summary = summarize(outcomes, chosen)
    with open(os.path.join(output, "summary.md"), "w", encoding="utf-8") as out:
        out.write(markdown(summary))
    with open(os.path.join(output, "summary.html"), "w", encoding="utf-8") as out:
        out.write(page(summary))
    if course is not None:
        for path, data in course.items():
            parts = path.split("/")
            if parts[0] == "labs" and path.endswith(".cpp") and any(lab.folder == parts[1] for lab in chosen):
                target = os.path.join(output, "similarity", "base", parts[1], parts[2])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as base:
                    base.write(data)


def keep_sources(output, folder_name, tree, chosen, notes):
    """Copies the sources a student was graded on to similarity/NAME/LAB/ (those they
    submitted: not the starters put in for the others)."""
    destination = os.path.join(output, "similarity", folder_name)
    shutil.rmtree(destination, ignore_errors=True)
    for lab in chosen:
        for program in lab.programs:
            if any(note.startswith("Your submission has no `{}.cpp`".format(program)) for note in notes):
                continue
            target = os.path.join(destination, lab.folder, program + ".cpp")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(tree, "labs", lab.folder, program + ".cpp"), target)


def summarize(outcomes, chosen):
    """What the summary pages show, as data."""
    graded = [outcome for outcome in outcomes if outcome["labs"]]
    most = 100 * len(chosen)
    bins = [0] * BINS
    for outcome in graded:
        bins[min(BINS - 1, total(outcome)[0] * BINS // most)] += 1
    per_lab, per_check, hints = [], [], Counter()
    for lab in chosen:
        results = [outcome["labs"][lab.number] for outcome in graded if lab.number in outcome["labs"]]
        full = sum(1 for score, top in results if score == top)
        mean = sum(score for score, _ in results) / len(results) if results else 0.0
        per_lab.append((lab.folder, mean, full, len(results)))
        for check_id in lab.check_ids():
            statuses = [outcome["checks"].get(lab.number, {}).get(check_id) for outcome in graded]
            ran = [status for status in statuses if status and status[0] != "skip"]
            per_check.append((lab.folder, check_id, sum(status[0] == "pass" for status in ran), len(ran)))
    for outcome in graded:
        hints.update({hint for checks in outcome["checks"].values() for _, hint in checks.values() if hint})
    return {"students": len(outcomes), "graded": len(graded), "most": most,
            "statuses": Counter(outcome["status"] for outcome in outcomes), "bins": bins, "labs": per_lab,
            "checks": per_check, "hints": hints.most_common()}


def markdown(summary):
    lines = ["# The class's results", "",
             "{students} students; {graded} graded.".format(**summary) + " Statuses: " + ", ".join(
                 "{} {}".format(count, status) for status, count in sorted(summary["statuses"].items())) + ".", "",
             "## Totals", "", "| total | students | |", "|---|---:|---|"]
    for index, count in enumerate(summary["bins"]):
        low = summary["most"] * index // BINS
        high = summary["most"] * (index + 1) // BINS - (index < BINS - 1)
        lines.append("| {}-{} | {} | {} |".format(low, high, count, "#" * count))
    lines += ["", "## Labs", "", "| lab | mean | full marks |", "|---|---:|---:|"]
    lines += ["| {} | {:.0f} | {} of {} |".format(*row) for row in summary["labs"]]
    lines += ["", "## Checks", "", "| lab | check | passed |", "|---|---|---:|"]
    lines += ["| {} | `{}` | {} of {} |".format(*row) for row in summary["checks"]]
    lines += ["", "## What the class got wrong", "", "The hints given, by how many students got each.", "",
              "| hint | students | what it says |", "|---|---:|---|"]
    lines += ["| `{}` | {} | {} |".format(hint, count, HINTS.get(hint, "").replace("|", "\\|"))
              for hint, count in summary["hints"]]
    lines += ["", "## Similarity", "", "`similarity/` holds the sources each student was graded on, one folder "
              "per student, and `similarity/base/` the starters, to leave out of the comparison: see "
              "docs/instructors.md (MOSS, JPlag).", ""]
    return "\n".join(lines)


STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em;
       overflow-wrap: break-word;
       color: #1b1b1b; background: #fff; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .2em .6em; border-bottom: 1px solid #ccc; }
th { text-align: left; } td.n { text-align: right; } .wide { overflow-x: auto; }
svg { max-width: 100%; height: auto; } svg rect { fill: #2f6fb0; } svg text { fill: currentColor; }
@media (prefers-color-scheme: dark) { body { color: #e8e8e8; background: #161616; } svg rect { fill: #7fb2e5; } }
"""


def _bars(values, labels, most):
    """An SVG bar chart, drawn here: one bar per value, its label under it."""
    width, height, gap = 44, 120, 8
    parts = ['<svg role="img" aria-label="bar chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}">'.format(
        len(values) * (width + gap), height + 40)]
    for index, (value, label) in enumerate(zip(values, labels)):
        tall = 0 if not most else round(height * value / most)
        x = index * (width + gap)
        parts.append('<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>'.format(
            x, height - tall, width, tall, html.escape(label), value))
        parts.append('<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>'.format(
            x + width // 2, height + 14, html.escape(label)))
        parts.append('<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>'.format(
            x + width // 2, height - tall - 3 if tall > 14 else height - 3, value))
    return "".join(parts) + "</svg>"


def page(summary):
    """summary.html: the same as summary.md, in one file with nothing to fetch."""
    def rows(cells_list):
        return "".join("<tr>" + "".join('<td class="n">{}</td>'.format(cell) if isinstance(cell, (int, float))
                                        else "<td>{}</td>".format(html.escape(str(cell))) for cell in cells) + "</tr>"
                       for cells in cells_list)
    tenth = summary["most"] // BINS
    body = [
        "<h1>The class's results</h1>",
        "<p>{} students; {} graded. Statuses: {}.</p>".format(summary["students"], summary["graded"], html.escape(
            ", ".join("{} {}".format(count, status) for status, count in sorted(summary["statuses"].items())))),
        "<h2>Totals</h2>",
        _bars(summary["bins"], ["{}+".format(index * tenth) for index in range(BINS)], max(summary["bins"] + [1])),
        "<h2>Labs</h2>",
        _bars([round(mean) for _, mean, _, _ in summary["labs"]], [folder[:2] for folder, _, _, _ in summary["labs"]],
              100),
        '<div class="wide"><table><tr><th>lab</th><th>mean</th><th>full marks</th></tr>' + rows(
            (folder, round(mean), "{} of {}".format(full, count)) for folder, mean, full, count in summary["labs"]) +
        "</table></div>",
        '<h2>Checks</h2><div class="wide"><table><tr><th>lab</th><th>check</th><th>passed</th></tr>' + rows(
            (folder, check, "{} of {}".format(passed, ran)) for folder, check, passed, ran in summary["checks"]) +
        "</table></div>",
        '<h2>What the class got wrong</h2><div class="wide"><table>'
        '<tr><th>hint</th><th>students</th><th>what it says</th></tr>' + rows(
            (hint, count, HINTS.get(hint, "")) for hint, count in summary["hints"]) + "</table></div>",
    ]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>The class's results</title><style>{}</style></head><body>{}</body></html>\n").format(
                STYLE, "\n".join(body))


def merge(folders, output, chosen):
    """`class merge`: the outcomes of several runs (shards of one roster) in one gradebook
    and summary, in `output`, the students in the roster's order. Returns how many."""
    outcomes = {}
    for folder in folders:
        for part in ("students", "similarity"):
            if os.path.isdir(os.path.join(folder, part)) and os.path.abspath(folder) != os.path.abspath(output):
                shutil.copytree(os.path.join(folder, part), os.path.join(output, part), dirs_exist_ok=True)
    students = os.path.join(output, "students")
    for name in sorted(os.listdir(students)) if os.path.isdir(students) else []:
        outcome = load_outcome(os.path.join(students, name))
        if outcome is not None:
            outcomes[outcome["student"]] = outcome
    write(output, sorted(outcomes.values(), key=lambda outcome: outcome.get("row", 0)), chosen)
    return len(outcomes)

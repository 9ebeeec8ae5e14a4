"""results.json as Gradescope's autograder specification defines it: what each field may
hold. problems(document) lists what Gradescope would refuse or misread; [] when none."""

VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
NUMBER = (int, float)
TOP = {"score": NUMBER, "execution_time": NUMBER, "output": str, "output_format": str,
       "test_output_format": str, "test_name_format": str, "visibility": str, "stdout_visibility": str,
       "extra_data": dict, "tests": list, "leaderboard": list}
TEST = {"score": NUMBER, "max_score": NUMBER, "status": str, "name": str, "name_format": str, "number": str,
        "output": str, "output_format": str, "tags": list, "visibility": str, "extra_data": dict}


def problems(document):
    found = _fields(document, TOP, "results.json")
    if not isinstance(document, dict):
        return found
    tests = document.get("tests", [])
    if "score" not in document and not (tests and all(isinstance(t, dict) and "score" in t for t in tests)):
        found.append("a score is needed: at the top, or on every test")
    for index, test in enumerate(tests if isinstance(tests, list) else []):
        where = "tests[{}]".format(index)
        found += _fields(test, TEST, where)
        if isinstance(test, dict):
            if test.get("status", "passed") not in ("passed", "failed"):
                found.append("{}.status: {!r} is not passed or failed".format(where, test["status"]))
            if not all(isinstance(tag, str) for tag in test.get("tags", [])):
                found.append("{}.tags: not all strings".format(where))
    return found


def _fields(record, types, where):
    if not isinstance(record, dict):
        return ["{}: not an object".format(where)]
    found = []
    for name, value in record.items():
        if name not in types:
            found.append("{}.{}: not a field of the specification".format(where, name))
        elif isinstance(value, bool) or not isinstance(value, types[name]):
            found.append("{}.{}: {!r} is not of the right type".format(where, name, value))
    for name in ("visibility", "stdout_visibility"):
        if name in record and record[name] not in VISIBILITIES:
            found.append("{}.{}: {!r} is not one of {}".format(where, name, record[name], sorted(VISIBILITIES)))
    for name in ("output_format", "test_output_format", "test_name_format", "name_format"):
        if name in record and record[name] not in FORMATS:
            found.append("{}.{}: {!r} is not one of {}".format(where, name, record[name], sorted(FORMATS)))
    return found

"""A starter (labs/NN-name, as students get it) must build, must fail, and every check it
fails must come with a hint: the first thing a student sees is a clear next step.

    python3 tests/starter_fails_with_hints.py LAB BUILD_DIR

Exit status 77 (CTest's "skipped") when no check of the lab can run on this machine (lab 05's
AF_UNIX in Python on Windows), with the reason.
"""

import json
import subprocess
import sys

SKIPPED = 77


def main(lab, build_dir):
    result = subprocess.run([sys.executable, "-m", "harness", "grade", lab, "--impl", "labs", "--build-dir", build_dir,
                             "--no-build", "--format", "json"], stdout=subprocess.PIPE, universal_newlines=True,
                            encoding="utf-8", timeout=240)
    checks = json.loads(result.stdout)["labs"][0]["checks"] if result.returncode in (0, 1) else []
    others = [check for check in checks if check["id"] != "builds"]
    if result.returncode == 0 and others and all(check["status"] == "skip" for check in others):
        print("starter of lab {}: skipped: {}".format(lab, others[0]["message"]))
        sys.exit(SKIPPED)
    if result.returncode != 1:
        return "expected exit status 1 (a check failed), got {}".format(result.returncode)
    problems = []
    for check in checks:
        if check["id"] == "builds" and check["status"] != "pass":
            problems.append("the starter does not build: " + check["message"])
        elif check["id"] != "builds" and check["status"] == "pass":
            problems.append("{} passes with the starter's code: the check cannot fail".format(check["id"]))
        elif check["status"] == "fail" and not check["hint"]:
            problems.append("{} fails without a hint: {}".format(check["id"], check["message"]))
        elif check["status"] == "error":
            problems.append("{} could not run: {}".format(check["id"], check["message"]))
    return "\n".join(problems)


if __name__ == "__main__":
    failure = main(sys.argv[1], sys.argv[2])
    if failure:
        sys.exit("starter of lab {}: {}".format(sys.argv[1], failure))
    print("starter of lab {}: builds, fails, and every failure has a hint".format(sys.argv[1]))

"""--list: the catalogue, every lab's checks with their points and what each proves, and
the roles any program can be graded as; as text for people, in the language chosen, or
as JSON (English) for CMake and the docs."""

import json

from .. import labs, language


def render(list_format="text"):
    if list_format == "json":
        document = {
            "labs": [{
                "id": lab.number, "folder": lab.folder, "roles": list(lab.roles), "programs": list(lab.programs),
                "checks": [{"id": id, "points": points, "proves": labs.proves(id)}
                           for id, points in labs.points(lab.check_ids()).items()],
            } for lab in labs.LABS],
            "roles": {role: [{"id": id, "points": points, "proves": labs.proves(id)}
                             for id, points in labs.points(ids).items()] for role, ids in labs.ROLES.items()},
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for lab in labs.LABS:
        lines.append(language.say("lab {}  ({}; grade it: python3 -m harness grade {})", lab.folder,
                                  ", ".join(lab.programs), lab.number))
        for id, points in labs.points(lab.check_ids()).items():
            lines.append("  {:>3}  {:<34} {}".format(points, id, language.proves(labs.proves(id))))
        lines.append("")
    lines.append(language.say("roles, for grading any program: python3 -m harness check ROLE --cmd \"...\""))
    for role, ids in labs.ROLES.items():
        # A role's own checks by name; those it borrows from another role by their full id.
        lines.append("  {:<15} {}".format(role, ", ".join(id.split("/", 1)[1] if id.startswith(role + "/") else id
                                                          for id in ids)))
    return "\n".join(lines) + "\n"

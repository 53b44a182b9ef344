"""The class from a roster: one system account per student and teacher, for the class hub (root only).

    python classroom/hub/roster.py ROSTER.csv --passwords /srv/backprop-class/passwords.csv

ROSTER.csv has a header and a row per person: `login` (a Linux user name: a-z, 0-9, _ and -, starting with
a letter, at most 32 characters) and `role`, `student` (the default) or `teacher`; other columns (a name, an
e-mail) are ignored.  For each login not yet on the server it makes a system user with a home that only
they can open (0700) and a random first password; the new logins and passwords go to the --passwords
file (readable by root only) for the teacher to hand out, one slip per student.  A student changes it in
JupyterLab's terminal with `passwd`.  Logins already present are left as they are (run it again after
adding students).  Each teacher gets the course, classroom/, in ~/course, and ~/nbgrader_config.py
pointing at it, so that the formgrader finds it.

Run again with --remove, it removes the roster's users and their homes (the end of a course: collect the
grades first).
"""

from __future__ import annotations

import argparse
import csv
import os
import pwd
import re
import secrets
import sys
from pathlib import Path

import local_hub

LOGIN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


def read_roster(path: Path) -> dict[str, str]:
    """login -> role, checked: a clear message for a bad row rather than a half-made class."""
    people, problems = {}, []
    with open(path, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            login = (row.get("login") or "").strip()
            role = (row.get("role") or "student").strip() or "student"
            if not LOGIN.match(login):
                problems.append(f"line {line}: {login!r} is not a login (a-z, 0-9, _ and -, from a letter)")
            elif role not in ("student", "teacher"):
                problems.append(f"line {line}: role {role!r} is neither student nor teacher")
            elif login in people:
                problems.append(f"line {line}: {login} twice")
            else:
                people[login] = role
    if problems:
        raise SystemExit(f"{path}:\n  " + "\n  ".join(problems))
    return people


def exists(login: str) -> bool:
    try:
        pwd.getpwnam(login)
        return True
    except KeyError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description="system accounts for the class hub, from a roster")
    parser.add_argument("roster", type=Path)
    parser.add_argument("--passwords", type=Path, default=Path("/srv/backprop-class/passwords.csv"),
                        help="where the new logins' first passwords go (root only)")
    parser.add_argument("--home-root", type=Path, default=Path("/home"))
    parser.add_argument("--remove", action="store_true", help="remove the roster's users and their homes")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("run as root: it makes system users")
    people = read_roster(args.roster)
    if args.remove:
        for login in people:
            local_hub.remove_user(login)
        print(f"removed {len(people)} users")
        return
    new = []
    for login, role in people.items():
        if exists(login):
            continue
        password = secrets.token_urlsafe(9)
        local_hub.create_user(login, password, args.home_root / login)
        new.append((login, role, password))
        if role == "teacher":
            local_hub.teacher_course(login, args.home_root / login)
    if new:
        args.passwords.parent.mkdir(parents=True, exist_ok=True)
        fresh = not args.passwords.exists()
        fd = os.open(args.passwords, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with open(fd, "a", newline="") as f:
            writer = csv.writer(f)
            if fresh:
                writer.writerow(["login", "role", "first password"])
            writer.writerows(new)
    print(f"{len(new)} new users, {len(people) - len(new)} already there; "
          f"first passwords in {args.passwords}", file=sys.stderr)


if __name__ == "__main__":
    main()

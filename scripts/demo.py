#!/usr/bin/env python3
"""make demo: boot pinos once per pin policy, run the four-step
scenario in its three variants (/bin/pinscenario -a), and print the
table of policy x outcome that the README shows.

Each boot is `pin_policy=NAME init=/bin/pinscenario -- -a -q` on a
fresh copy of the ext2 test disk; the scenario prints one
"OUTCOME <policy> <variant>: <outcome>" line per variant.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

POLICIES = ["linux", "legacy", "no-file-write", "linux-exempt",
            "skip-pinned", "bounce"]
VARIANTS = ["unpin-clean", "unpin-dirty", "hole/unpin-dirty"]
LINE = re.compile(r"OUTCOME (\S+) (\S+): (.*)$")


def run_policy(accel, policy):
    import importlib
    rt = importlib.import_module("run-tests")
    cmd = (qemu.base_cmd(accel) + ["-serial", "stdio"] +
           qemu.boot_media(cmdline="console=ttyS0 quiet pin_policy=%s "
                           "init=/bin/pinscenario -- -a -q" % policy) +
           rt.test_disks("demo"))
    out = subprocess.run(cmd, stdout=subprocess.PIPE, timeout=300,
                         stdin=subprocess.DEVNULL).stdout
    found = {}
    for line in out.decode("utf-8", "replace").splitlines():
        m = LINE.search(line.strip())
        if m and m.group(1) == policy:
            found[m.group(2)] = m.group(3)
    return found


def main():
    accel = qemu.choose_accel(verbose=False)
    rows = []
    for p in POLICIES:
        res = run_policy(accel, p)
        rows.append([p] + [res.get(v, "(no outcome)") for v in VARIANTS])
        print("demo: %-14s %s" % (p, " | ".join(rows[-1][1:])))
    print()
    print("| policy | " + " | ".join(VARIANTS) + " |")
    print("|---|" + "---|" * len(VARIANTS))
    for r in rows:
        print("| `%s` | " % r[0] + " | ".join(r[1:]) + " |")


if __name__ == "__main__":
    main()

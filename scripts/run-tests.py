#!/usr/bin/env python3
"""The pinos test harness (make test).

Boots the kernel under QEMU once per "boot" below, streams the serial
output to the terminal and to build/test-<boot>.log, enforces a
timeout, parses the KTAP the kernel prints, and prints one line per
suite. The last line is "N passed, N failed[, N skipped]", counting
test cases; a boot that crashes, times out, exits with a bad status or
loses KTAP results counts as failed. Exit status is non-zero if
anything failed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

BUILD = qemu.BUILD
RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+) ([^#]*?)\s*(#.*)?$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")


class Ktap:
    """Accumulates KTAP results of one boot: suites and their cases."""

    def __init__(self):
        self.started = False
        self.plan = None
        self.suites = []          # (name, ok, skipped, cases)
        self.cases = []           # (name, status) of the open suite

    def feed(self, line):
        line = line.rstrip("\r\n")
        if not self.started:
            if re.search(r"KTAP version 1|TAP version 1[34]", line):
                self.started = True
            return
        m = PLAN.match(line)
        if m and m.group(1) == "" and self.plan is None:
            self.plan = int(m.group(2))
            return
        m = RESULT.match(line)
        if not m:
            return
        indent, ok, _, name, directive = m.groups()
        directive = directive or ""
        if indent:
            status = "skip" if "SKIP" in directive and ok == "ok" else \
                ("pass" if ok == "ok" else "fail")
            self.cases.append((name.strip(), status))
        else:
            skipped = "SKIP" in directive
            self.suites.append((name.strip(), ok == "ok", skipped,
                                self.cases))
            self.cases = []


def stream(proc, log, ktap, echo, first_ktap):
    for raw in iter(proc.stdout.readline, b""):
        line = raw.decode("utf-8", "replace")
        log.write(line)
        log.flush()
        if echo:
            sys.stdout.write(line)
            sys.stdout.flush()
        if not ktap.started and "KTAP version 1" in line:
            first_ktap.append(time.monotonic())
        ktap.feed(line)


def run_boot(name, cmd, timeout, echo):
    """Run one QEMU boot; returns (Ktap, status-or-None, timed_out, secs)."""
    path = os.path.join(BUILD, "test-%s.log" % name)
    ktap = Ktap()
    first = []
    start = time.monotonic()
    with open(path, "w") as log:
        log.write("# %s\n" % " ".join(cmd))
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        t = threading.Thread(target=stream,
                             args=(proc, log, ktap, echo, first))
        t.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
        t.join()
    ktap_secs = first[0] - start if first else None
    return ktap, qemu.guest_status(proc.returncode), timed_out, ktap_secs


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add_suite(self, boot, name, ok, skipped, cases):
        p = sum(1 for _, s in cases if s == "pass")
        f = sum(1 for _, s in cases if s == "fail")
        s = sum(1 for _, st in cases if st == "skip")
        if not ok and f == 0:
            f = 1      # a post-suite check (leak check) or crash failed it
        self.passed += p
        self.failed += f
        self.skipped += s
        word = "SKIP" if skipped else ("PASS" if ok else "FAIL")
        print("%s  %-12s %-24s %d passed, %d failed, %d skipped" %
              (word, boot, name, p, f, s))
        for cname, st in cases:
            if st == "fail":
                print("        failed: %s" % cname)

    def check(self, boot, what, ok, detail=""):
        """One host-side check, counted as one test."""
        if ok:
            self.passed += 1
            print("PASS  %-12s %s" % (boot, what))
        else:
            self.add_failure(boot, what + (": " + detail if detail else ""))

    def add_failure(self, boot, what):
        self.failed += 1
        print("FAIL  %-12s %s" % (boot, what))


def check_boot(tally, boot, ktap, status, timed_out, expect_suites=None):
    for suite in ktap.suites:
        tally.add_suite(boot, *suite)
    if timed_out:
        tally.add_failure(boot, "timed out (see build/test-%s.log)" % boot)
    elif status is None:
        tally.add_failure(boot, "QEMU failed or the guest crashed without "
                          "a status (see build/test-%s.log)" % boot)
    elif status != 0 and all(ok for _, ok, _, _ in ktap.suites):
        tally.add_failure(boot, "guest exited with status %d" % status)
    if not ktap.started:
        tally.add_failure(boot, "no KTAP output")
    elif ktap.plan == 0:
        tally.add_failure(boot, "no test suite matched")
    elif ktap.plan is not None and len(ktap.suites) < ktap.plan:
        tally.add_failure(boot, "%d of %d suites never reported" %
                          (ktap.plan - len(ktap.suites), ktap.plan))


def make_test_iso():
    iso = os.path.join(BUILD, "pinos-test.iso")
    env = dict(os.environ, PINOS_ISO_DEFAULT="boot self-test")
    subprocess.check_call(["sh", "scripts/mkiso.sh", qemu.KERNEL, iso],
                          env=env)
    return iso


def test_disks(tag):
    """qemu arguments for scratch copies of both test disks (vda, vdb)."""
    return qemu.disk_args(test_disk_copy(tag),
                          test_disk_copy(tag + "-1k", "disk-1k.img"))


def test_disk_copy(tag="test", name="disk.img"):
    """A fresh copy of build/disk.img, build/disk-TAG.img, for a test
    boot (tests may write to the disk), or None when the build made no
    disk image. Renamed into place, so a QEMU still running on an old
    copy keeps it. Boots that must not see each other's writes pass
    different tags."""
    src = os.path.join(BUILD, name)
    if not os.path.exists(src):
        return None
    dst = os.path.join(BUILD, "disk-%s.img" % tag)
    tmp = "%s.%d" % (dst, os.getpid())
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
    return dst


def boots(glob, accel):
    """(name, qemu command, timeout seconds) for every boot of make test."""
    base = qemu.base_cmd(accel, 1) + ["-serial", "stdio"]
    # User-space selftests: /bin/ktaprun as init runs every /bin/*_test;
    # its exit status (failed programs) is the guest's. TESTS=user
    # runs this boot alone.
    user_cmdline = "console=ttyS0 quiet init=/bin/ktaprun"
    user = ("user", base + qemu.boot_media(cmdline=user_cmdline) +
            test_disks("user"), 600)
    # The same on four CPUs: processes migrate, so TLB shootdown and
    # lazy address-space teardown are exercised from user space.
    user_smp = ("user-smp4", qemu.base_cmd(accel, 4) + ["-serial", "stdio"] +
                qemu.boot_media(cmdline=user_cmdline) +
                test_disks("user-smp4"), 600)
    if glob == "user":
        return [user, user_smp]
    if glob == "persist":
        return []  # only the persistence boots, run by main()
    cmdline = "console=ttyS0 quiet tests=%s" % glob
    out = [("kernel", base + qemu.boot_media(cmdline=cmdline) +
            test_disks("test"), 480)]
    # The same suites on four CPUs (the smp suite needs 2+), on a
    # pristine disk copy of its own.
    smp_disk = None
    if os.path.exists(os.path.join(BUILD, "disk.img")):
        smp_disk = os.path.join(BUILD, "disk-test-smp4.img")
        shutil.copyfile(os.path.join(BUILD, "disk.img"), smp_disk)
    out.append(("kernel-smp4", qemu.base_cmd(accel, 4) +
                ["-serial", "stdio"] + qemu.boot_media(cmdline=cmdline) +
                qemu.disk_args(smp_disk, test_disk_copy("test-smp4-1k",
                                                         "disk-1k.img")),
                480))
    if glob == "*":
        out.append(("grub-iso", base + qemu.boot_media(iso=make_test_iso()),
                    120))
        for bad in ("crash", "hang"):
            out.append(("must-" + bad, base + qemu.boot_media(
                cmdline="console=ttyS0 quiet tests=kunit_selftest_" + bad),
                120))
        out += [user, user_smp]
    return out


# Boots that must be reported as failing, and the directive that must
# mark the failing case: they prove a crash or a hang never passes.
MUST_FAIL = {"must-crash": "CRASHED", "must-hang": "TIMEOUT"}


def check_must_fail(tally, name, ktap, status, timed_out):
    """The harness's own test: a crash/hang boot must be seen to fail."""
    want = MUST_FAIL[name]
    log = open(os.path.join(BUILD, "test-%s.log" % name)).read()
    failed_suite = any(not ok for _, ok, _, _ in ktap.suites)
    if (not timed_out and status not in (None, 0) and failed_suite and
            re.search(r"not ok \d+ \w+ # " + want, log)):
        tally.passed += 1
        print("PASS  %-12s a %s test is reported failed (# %s, status %d)"
              % (name, name[5:], want, status))
    else:
        tally.add_failure(name, "a %s test was not reported as failed "
                          "(see build/test-%s.log)" % (name[5:], name))


def host_tool(name):
    """A host e2fsprogs tool (in /sbin on Debian, often not on PATH)."""
    for d in ("", "/sbin/", "/usr/sbin/"):
        path = shutil.which(d + name) if d == "" else d + name
        if path and os.access(path, os.X_OK):
            return path
    return None


def debugfs_cat(img, path):
    out = subprocess.run([host_tool("debugfs"), "-R", "cat " + path, img],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return out.stdout


# What "persist write" leaves on disk, as the host sees it (debugfs).
PERSIST_FILES = [
    ("/persist/write.txt", b"W" * 10000),
    ("/persist/msync.bin", b"M" * 12288),
    ("/persist/fsync.bin", b"F" * 12288),
    ("/persist/flusher.bin", b"L" * 12288),
    ("/persist/sparse.bin", b"\0" * (100 * 4096) + b"S" * 4096 +
     b"\0" * ((256 - 101) * 4096)),
]


def persistence(accel, tally, echo):
    """Write in one boot, check from the host, read back in a second boot.

    Proves data reached the disk by each path (write+fsync, msync,
    fsync of a mapping, the flusher alone, a sparse-file hole), that the
    image is a consistent ext2 filesystem afterwards (e2fsck -fn), and
    that a fresh boot reads the same bytes."""
    img = test_disk_copy("persist")
    if img is None or host_tool("e2fsck") is None:
        tally.add_failure("persist", "no disk image or no e2fsck")
        return
    base = qemu.base_cmd(accel, 1) + ["-serial", "stdio"]
    for phase in ("write", "check"):
        cmd = base + qemu.boot_media(
            cmdline="console=ttyS0 quiet init=/bin/persist -- " + phase) + \
            qemu.disk_args(img)
        _, status, timed_out, _ = run_boot("persist-" + phase, cmd, 180, echo)
        tally.check("persist-" + phase, "guest 'persist %s' exits 0" % phase,
                    status == 0 and not timed_out)
        if phase != "write":
            continue
        fsck = subprocess.run([host_tool("e2fsck"), "-fn", img],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
        tally.check("persist", "host e2fsck -fn reports the image clean",
                    fsck.returncode == 0, fsck.stdout.decode()[-400:])
        for path, want in PERSIST_FILES:
            got = debugfs_cat(img, path)
            tally.check("persist", "host debugfs reads %s" % path,
                        got == want, "got %d bytes" % len(got))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tests", default="*", help="suite glob")
    ap.add_argument("--quiet", action="store_true",
                    help="do not echo the serial console")
    args = ap.parse_args()
    accel = qemu.choose_accel()
    print("test: accelerator %s" % accel)
    tally = Tally()
    results = []
    for name, cmd, timeout in boots(args.tests, accel):
        print("test: boot %s: %s" % (name, " ".join(cmd)))
        ktap, status, timed_out, secs = run_boot(name, cmd, timeout,
                                                 not args.quiet)
        results.append((name, ktap, status, timed_out, secs))
    print()
    for name, ktap, status, timed_out, secs in results:
        if secs is not None:
            print("test: boot %s: first KTAP line after %.2f s" %
                  (name, secs))
        if name in MUST_FAIL:
            check_must_fail(tally, name, ktap, status, timed_out)
            continue
        check_boot(tally, name, ktap, status, timed_out)
        if name == "grub-iso":
            log = open(os.path.join(BUILD, "test-grub-iso.log")).read()
            if "boot_loader_info: loader: multiboot2" in log:
                tally.passed += 1
                print("PASS  grub-iso     booted through GRUB multiboot2")
            else:
                tally.add_failure(name, "GRUB did not boot via multiboot2")
    if args.tests in ("*", "persist"):
        persistence(accel, tally, not args.quiet)
    line = "%d passed, %d failed" % (tally.passed, tally.failed)
    if tally.skipped:
        line += ", %d skipped" % tally.skipped
    print(line)
    sys.exit(1 if tally.failed else 0)


if __name__ == "__main__":
    main()

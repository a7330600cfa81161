#!/usr/bin/env python3
"""make bench: the pinos benchmarks, machine-readable in build/bench.json.

Three parts, each a group of figures in the JSON file, every figure
written as  name -> {"value": number, "unit": string}  (plus "samples"
where a figure is the median of several):

boot_to_ktap   wall time from starting QEMU to the first KTAP line, for
               `-kernel` (multiboot1) and the GRUB ISO (multiboot2), with
               TCG and, when it works here, KVM; one CPU, 512 MiB. Each
               figure is the median of RUNS boots. Names: ACCEL.MEDIA.

in_kernel      BENCH_BOOTS boots with bench=* on BENCH_SMP CPUs and
               BENCH_MEM of RAM (the smp benchmark needs four CPUs, the
               gup one 256 MiB of buffer); each figure is the median of
               the boots, which keeps a burst of load on the host (other
               QEMUs) from deciding it. Benchmarks print
                   # BENCH <name> <value> <unit>
               and, for what they could not measure, "# BENCH-SKIP ..."
               or "# BENCH-NOTE ..." lines; those are kept verbatim,
               once each, in in_kernel_skipped and in_kernel_notes.

user_gup_test  /bin/gup_test (Linux's gup_test tool) as init, one boot
               per command in GUP_TEST_CMDS, with GUP_TEST_ARGS, on the
               same CPUs and RAM as the in-kernel boot so the figures
               compare. Each repeat prints
                   PIN_FAST_BENCHMARK: Time: get:<us> put:<us> us
               (kselftest puts "# " in front). Figures per command:
               CMD.get_us and CMD.put_us, the median over the repeats,
               and CMD.get_ns_per_page / CMD.put_ns_per_page from them.

The run ends with a table of every figure. Benchmarks never fail the
run: a boot that times out or prints nothing is reported and skipped.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

RUNS = 5
BENCH_SMP = 4
BENCH_MEM = "1G"
BENCH_BOOTS = 3
BENCH_TIMEOUT = 600
GUP_TEST_CMDS = ("-a", "-L", "-u")
GUP_TEST_ARGS = "-m 64 -n 512 -r 3"
GUP_TEST_TIMEOUT = 120
PAGE_SIZE = 4096

TIME_LINE = re.compile(r"^(?:# )?([A-Z_]+): Time: get:(\d+) put:(\d+) us"
                       r"(?:, truncated \(size: (\d+)\))?")


def fig(value, unit, **extra):
    out = {"value": value, "unit": unit}
    out.update(extra)
    return out


def time_to_ktap(cmd, timeout=60):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    found = None
    deadline = start + timeout
    for raw in iter(proc.stdout.readline, b""):
        if found is None and b"KTAP version 1" in raw:
            found = time.monotonic() - start
        if time.monotonic() > deadline:
            break
    proc.kill()
    proc.wait()
    return found


def boot_latency(accel, iso):
    base = qemu.base_cmd(accel) + ["-serial", "stdio"]
    media = {
        "kernel": qemu.boot_media(cmdline="console=ttyS0 quiet tests=lib"),
        "grub-iso": qemu.boot_media(iso=iso),
    }
    out = {}
    for name, args in media.items():
        samples = [time_to_ktap(base + args) for _ in range(RUNS)]
        samples = [s for s in samples if s is not None]
        if samples:
            med = round(statistics.median(samples), 3)
            out["%s.%s" % (accel, name)] = fig(
                med, "s", samples=[round(s, 3) for s in samples])
            print("bench: %-4s %-9s first KTAP line after %.3f s "
                  "(median of %d)" % (accel, name, med, len(samples)))
    return out


def run_guest(cmd, timeout):
    """The guest's serial output as text; partial if it timed out."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    try:
        raw, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raw, _ = proc.communicate()
        print("bench: boot timed out after %d s: %s" % (timeout,
                                                       " ".join(cmd)))
    return raw.decode("utf-8", "replace")


def bench_base(accel):
    return qemu.base_cmd(accel, BENCH_SMP, BENCH_MEM) + ["-serial", "stdio"]


def in_kernel_boot(cmd, figures, skips, notes):
    """One bench=* boot: append its figures' samples and its lines."""
    for line in run_guest(cmd, BENCH_TIMEOUT).splitlines():
        line = line.strip()
        parts = line.split()
        if len(parts) >= 5 and parts[:2] == ["#", "BENCH"]:
            f = figures.setdefault(parts[2], fig(None, parts[4],
                                                 samples=[]))
            f["samples"].append(float(parts[3]))
        elif line.startswith("# BENCH-SKIP") or \
                line.startswith("# BENCH-NOTE"):
            lines = skips if "SKIP" in parts[1] else notes
            if line[2:] not in lines:
                lines.append(line[2:])
                print("bench: %s" % line[2:])


def in_kernel(accel):
    """(figures, skip lines, note lines) of BENCH_BOOTS bench=* boots."""
    cmd = bench_base(accel) + qemu.boot_media(
        cmdline="console=ttyS0 quiet bench=*") + qemu.disk_args()
    figures, skips, notes = {}, [], []
    for boot in range(BENCH_BOOTS):
        print("bench: in-kernel benchmarks, boot %d of %d (%d CPUs, %s; "
              "host load %.2f)" % (boot + 1, BENCH_BOOTS, BENCH_SMP,
                                   BENCH_MEM, os.getloadavg()[0]))
        in_kernel_boot(cmd, figures, skips, notes)
    for name, f in figures.items():
        f["value"] = statistics.median(f["samples"])
        print("bench: %-40s %12s %s  %s" % (name, f["value"], f["unit"],
                                           f["samples"]))
    return figures, skips, notes


def buffer_bytes():
    """gup_test's buffer: -m MB of GUP_TEST_ARGS, else its 128 MB."""
    m = re.search(r"-m\s*(\d+)", GUP_TEST_ARGS)
    return (int(m.group(1)) if m else 128) << 20


def gup_test_figures(text):
    """Median get/put figures from one gup_test boot's Time lines."""
    gets, puts, pages, cmd = [], [], [], None
    for line in text.splitlines():
        m = TIME_LINE.match(line.strip())
        if not m:
            continue
        cmd = m.group(1)
        gets.append(int(m.group(2)))
        puts.append(int(m.group(3)))
        size = int(m.group(4)) if m.group(4) else buffer_bytes()
        pages.append(size // PAGE_SIZE)
    if cmd is None:
        return {}
    out = {}
    for what, samples in (("get", gets), ("put", puts)):
        med = statistics.median(samples)
        out["%s.%s_us" % (cmd, what)] = fig(med, "us", samples=samples)
        out["%s.%s_ns_per_page" % (cmd, what)] = fig(
            round(med * 1000 / min(pages), 1), "ns")
    return out


def user_gup_test(accel):
    out = {}
    for flag in GUP_TEST_CMDS:
        args = "%s %s" % (flag, GUP_TEST_ARGS)
        cmdline = "console=ttyS0 quiet init=/bin/gup_test -- " + args
        print("bench: gup_test %s (init, %d CPUs, %s)" % (args, BENCH_SMP,
                                                          BENCH_MEM))
        text = run_guest(bench_base(accel) + qemu.boot_media(
            cmdline=cmdline), GUP_TEST_TIMEOUT)
        figures = gup_test_figures(text)
        if not figures:
            print("bench: gup_test %s printed no Time line" % args)
        for name, f in sorted(figures.items()):
            print("bench: %-40s %12s %s" % (name, f["value"], f["unit"]))
        out.update(figures)
    return out


def num(v):
    """A figure for the table: whole numbers without ".0"."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def spread(f):
    """"lo..hi" of a figure's samples, to show how much they vary."""
    s = f.get("samples") or []
    if len(s) < 2:
        return ""
    return "  [%s..%s]" % (num(min(s)), num(max(s)))


def print_table(result):
    """Every figure, one group after the other."""
    print()
    for group, title in (("boot_to_ktap", "boot to first KTAP line"),
                         ("in_kernel", "in-kernel (bench=*)"),
                         ("user_gup_test", "user gup_test " +
                          GUP_TEST_ARGS)):
        print("%s\n%s" % (title, "-" * len(title)))
        for name, f in result.get(group, {}).items():
            print("  %-40s %12s %-8s%s" % (name, num(f["value"]),
                                             f["unit"], spread(f)))
        for key in (group + "_skipped", group + "_notes"):
            for line in result.get(key, []):
                print("  (%s)" % line)
        print()


def main():
    import importlib
    rt = importlib.import_module("run-tests")
    iso = rt.make_test_iso()
    accel = qemu.choose_accel(verbose=False)
    # The host's cores and load: multi-CPU figures depend on both.
    result = {"config": {"accel": accel, "smp": BENCH_SMP,
                         "mem": BENCH_MEM, "boots": BENCH_BOOTS,
                         "gup_test_args": GUP_TEST_ARGS,
                         "host_cpus": os.cpu_count(),
                         "host_loadavg_1m": round(os.getloadavg()[0], 2)}}
    result["boot_to_ktap"] = boot_latency("tcg", iso)
    if qemu.probe_kvm():
        result["boot_to_ktap"].update(boot_latency("kvm", iso))
    else:
        print("bench: KVM unusable here; TCG figures only")
    figures, skips, notes = in_kernel(accel)
    result["in_kernel"] = figures
    result["in_kernel_skipped"] = skips
    result["in_kernel_notes"] = notes
    result["user_gup_test"] = user_gup_test(accel)
    path = os.path.join(qemu.BUILD, "bench.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
    print_table(result)
    print("bench: wrote %s" % path)


if __name__ == "__main__":
    main()

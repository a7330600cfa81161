#!/usr/bin/env python3
"""make bench: the pinos benchmarks, machine-readable in build/bench.json.

Boot latency: wall time from starting QEMU to the first KTAP line, for
`-kernel` (multiboot1) and the GRUB ISO (multiboot2), with TCG and,
when it works here, KVM. Each figure is the median of several boots.

In-kernel benchmarks print lines of the form
    # BENCH <name> <value> <unit>
when booted with bench=GLOB; they are collected into the same file.
"""
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

RUNS = 5


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
            out[name] = round(statistics.median(samples), 3)
            print("bench: %-4s %-9s first KTAP line after %.3f s "
                  "(median of %d)" % (accel, name, out[name], len(samples)))
    return out


def in_kernel(accel):
    cmd = qemu.base_cmd(accel) + ["-serial", "stdio"] + qemu.boot_media(
        cmdline="console=ttyS0 quiet bench=*") + qemu.disk_args()
    res = subprocess.run(cmd, stdout=subprocess.PIPE, timeout=600,
                         stdin=subprocess.DEVNULL)
    out = {}
    for line in res.stdout.decode("utf-8", "replace").splitlines():
        parts = line.strip().split()
        if len(parts) >= 5 and parts[:2] == ["#", "BENCH"]:
            out[parts[2]] = {"value": float(parts[3]), "unit": parts[4]}
            print("bench: %-40s %12s %s" % (parts[2], parts[3], parts[4]))
    return out


def main():
    import importlib
    rt = importlib.import_module("run-tests")
    iso = rt.make_test_iso()
    result = {"boot_to_ktap_s": {"tcg": boot_latency("tcg", iso)}}
    if qemu.probe_kvm():
        result["boot_to_ktap_s"]["kvm"] = boot_latency("kvm", iso)
    else:
        print("bench: KVM unusable here; TCG figures only")
    result["in_kernel"] = in_kernel(qemu.choose_accel(verbose=False))
    path = os.path.join(qemu.BUILD, "bench.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
    print("bench: wrote %s" % path)


if __name__ == "__main__":
    main()

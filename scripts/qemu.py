#!/usr/bin/env python3
"""Launch pinos under QEMU.

Used by the Makefile (make run, make debug) and imported by
scripts/run-tests.py. Decides between KVM and TCG: /dev/kvm may exist
but belong to a nested hypervisor that cannot run guests (QEMU aborts
with an MSR error, or the guest triple-faults), so KVM is used only
after a short probe boot succeeds; otherwise TCG with `-cpu max`.

The guest reports its status through isa-debug-exit: QEMU exits with
(status << 1) | 1, which guest_status() turns back into the status.
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "pinos.elf")
PROBE_CACHE = os.path.join(BUILD, "accel")


def guest_status(rc):
    """QEMU exit code -> the guest's status (None: QEMU itself failed)."""
    if rc is not None and rc > 0 and rc & 1:
        return rc >> 1
    return None


def base_cmd(accel, smp=1, mem="512M"):
    cmd = ["qemu-system-x86_64", "-m", mem, "-smp", str(smp),
           "-no-reboot", "-display", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if accel == "kvm":
        cmd += ["-accel", "kvm", "-cpu", "host"]
    else:
        cmd += ["-accel", "tcg", "-cpu", "max"]
    return cmd


def boot_media(kernel=KERNEL, cmdline="", iso=None):
    """Arguments that boot the kernel (-kernel) or an ISO (GRUB)."""
    if iso:
        return ["-cdrom", iso, "-boot", "d"]
    args = ["-kernel", kernel, "-append", cmdline]
    mods = [m for m in (os.path.join(BUILD, "initramfs.cpio"),)
            if os.path.exists(m)]
    if mods:
        args += ["-initrd", ",".join(mods)]
    return args


def disk_args(img=None, small_img=None):
    """The ext2 disk images on virtio-blk, when the build made them.

    img (vda, 4 KiB blocks) defaults to build/disk.img; small_img (vdb,
    1 KiB blocks: blocks smaller than a page, for the scenario's hole
    variant) is attached only when given. The test harness passes
    scratch copies, so tests that write never change the pristine
    images.
    """
    img = img or os.path.join(BUILD, "disk.img")
    args = []
    for i, path in enumerate((img, small_img)):
        if path and os.path.exists(path):
            args += ["-drive", "file=%s,if=none,id=disk%d,format=raw"
                     % (path, i), "-device",
                     "virtio-blk-pci,drive=disk%d" % i]
    return args


def probe_kvm():
    """True if a KVM guest boots and powers off cleanly, within 20 s."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    cmd = base_cmd("kvm") + ["-serial", "null"] + boot_media(
        cmdline="tests=__none__ console=ttyS0 quiet")
    try:
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, timeout=20).returncode
    except subprocess.TimeoutExpired:
        return False
    return guest_status(rc) == 0


def choose_accel(verbose=True):
    """'kvm' or 'tcg'; honours PINOS_ACCEL; caches the probe per build."""
    forced = os.environ.get("PINOS_ACCEL")
    if forced in ("kvm", "tcg"):
        return forced
    if os.path.exists(PROBE_CACHE) and \
            os.path.getmtime(PROBE_CACHE) > os.path.getmtime(KERNEL):
        return open(PROBE_CACHE).read().strip()
    accel = "kvm" if probe_kvm() else "tcg"
    with open(PROBE_CACHE, "w") as f:
        f.write(accel + "\n")
    if verbose:
        print("qemu: accelerator %s (%s)" % (accel, "KVM probe booted" if
              accel == "kvm" else "KVM unusable or absent; TCG -cpu max"))
    return accel


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mode", choices=["run", "debug"])
    ap.add_argument("--smp", default="1")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--cmdline", default="")
    args = ap.parse_args()
    accel = choose_accel()
    cmd = base_cmd(accel, args.smp, args.mem) + ["-serial", "mon:stdio"]
    cmd += boot_media(cmdline=args.cmdline) + disk_args()
    if args.mode == "debug":
        cmd += ["-s", "-S"]
        print("qemu: halted at reset with a GDB stub on :1234. Attach with:")
        print("  gdb %s -ex 'target remote :1234'" % KERNEL)
        print("  (hbreak kmain; continue)")
    print("qemu: %s (Ctrl-A X quits)" % " ".join(cmd))
    sys.stdout.flush()
    rc = subprocess.call(cmd)
    status = guest_status(rc)
    sys.exit(status if status is not None else rc)


if __name__ == "__main__":
    main()

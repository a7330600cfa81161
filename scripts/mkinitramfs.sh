#!/bin/sh
# Build the initramfs: a newc cpio archive with /bin holding every user
# program, plus the empty directories the kernel mounts on.
#   mkinitramfs.sh OUT.cpio PROG...
set -e
out=$1
shift
root=$(dirname "$out")/rootfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/tmp" "$root/mnt" \
	"$root/etc"
for p in "$@"; do
	cp "$p" "$root/bin/"
done
[ -d rootfs ] && cp -R rootfs/. "$root/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out.tmp"
mv "$out.tmp" "$out"

#!/bin/sh
# Build an ext2 disk image for virtio-blk (and the ISO's disk.img module).
#   mkdisk.sh OUT.img BLOCKSIZE PROG...
#
# Layout: a 64 MiB ext2 filesystem of BLOCKSIZE-byte blocks, followed by
# a 1 MiB scratch tail that belongs to no filesystem: the block tests
# and benchmarks write there (the tail starts at s_blocks_count *
# block size, read from the superblock).
#
# Contents (the ext2 tests rely on these exactly):
#   /bin/NAME              every user program, as in the initramfs
#   /dev /proc /tmp /mnt /etc   empty mount points, plus rootfs/ if any
#   /testdata/hello.txt    "Hello from the pinos ext2 disk!\n" (32 bytes)
#   /testdata/empty        0 bytes
#   /testdata/pattern.bin  100 KiB; the 32-bit little-endian word at byte
#                          4*i holds i (indirect blocks at 1 and 4 KiB)
#   /testdata/big.bin      5 MiB, same pattern (double-indirect blocks)
#   /testdata/dir/nested.txt  "nested\n"
#   /testdata/link         symlink to hello.txt (a fast symlink)
#
# Features are pinned (not taken from the host's mke2fs.conf) so every
# build has the same on-disk format: revision 1, 128-byte inodes,
# sparse_super, large_file, filetype; owner root.
set -e
out=$1
bs=$2
shift 2
fs_bytes=$((64 * 1024 * 1024))
tail_bytes=$((1024 * 1024))
root=$(dirname "$out")/diskroot-$bs
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/tmp" "$root/mnt" \
	"$root/etc" "$root/testdata/dir"
for p in "$@"; do
	cp "$p" "$root/bin/"
done
[ -d rootfs ] && cp -R rootfs/. "$root/"
printf 'Hello from the pinos ext2 disk!\n' > "$root/testdata/hello.txt"
: > "$root/testdata/empty"
printf 'nested\n' > "$root/testdata/dir/nested.txt"
ln -s hello.txt "$root/testdata/link"
python3 -c '
import struct, sys
for path, size in ((sys.argv[1], 100 * 1024), (sys.argv[2], 5 << 20)):
    with open(path, "wb") as f:
        f.write(struct.pack("<%dI" % (size // 4), *range(size // 4)))
' "$root/testdata/pattern.bin" "$root/testdata/big.bin"
rm -f "$out.tmp"
truncate -s $((fs_bytes + tail_bytes)) "$out.tmp"
# mke2fs warns that 128-byte inodes end in 2038: keep its chatter in a
# log and show it only if it fails.
if ! mkfs.ext2 -q -F -b "$bs" -I 128 \
	-O none,sparse_super,large_file,filetype -E root_owner=0:0 \
	-L pinos -d "$root" "$out.tmp" $((fs_bytes / bs)) >"$out.log" 2>&1; then
	cat "$out.log" >&2
	exit 1
fi
rm -f "$out.log"
rm -rf "$root"
mv "$out.tmp" "$out"

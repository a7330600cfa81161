#!/bin/sh
# Verify the kernel image is bootable by both loaders:
#  - every PT_LOAD segment keeps (file offset - physical address)
#    constant, so QEMU's multiboot1 loader, which copies the file as
#    one blob from the header on, puts each byte where GRUB would;
#  - the kallsyms pass did not move any function (text is identical
#    in size between the two link passes).
set -e
elf=$1
pass1=$2
delta=""
for seg in $(readelf -lW "$elf" | awk '/^ *LOAD/ { print $2 ":" $4 }'); do
	d=$(( ${seg%%:*} - ${seg#*:} ))
	if [ -n "$delta" ] && [ "$d" != "$delta" ]; then
		echo "check-image: segment at paddr ${seg#*:} breaks the contiguous image" >&2
		exit 1
	fi
	delta=$d
done
t1=$(size -A "$pass1" | awk '$1 == ".text" { print $2 }')
t2=$(size -A "$elf" | awk '$1 == ".text" { print $2 }')
if [ "$t1" != "$t2" ]; then
	echo "check-image: .text changed size between link passes" >&2
	exit 1
fi

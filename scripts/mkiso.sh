#!/bin/sh
# Build a GRUB (multiboot2) rescue ISO around the kernel and any boot
# modules found in build/ (initramfs, disk image). The menu has the
# normal boot, the test boot, and one entry per pin policy.
set -e
kernel=$1
iso=$2
dir=$(dirname "$iso")/isoroot
rm -rf "$dir"
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/pinos.elf"
mods=""
for m in initramfs.cpio disk.img; do
	if [ -f "$(dirname "$iso")/$m" ]; then
		cp "$(dirname "$iso")/$m" "$dir/boot/$m"
		mods="$mods	module2 /boot/$m $m
"
	fi
done
entry() {
	printf 'menuentry "%s" {\n\tmultiboot2 /boot/pinos.elf %s\n%s\tboot\n}\n' \
		"$1" "$2" "$mods"
}
{
	if [ -n "$PINOS_ISO_DEFAULT" ]; then
		echo 'set timeout=0'
		echo "set default=\"$PINOS_ISO_DEFAULT\""
	else
		echo 'set timeout=3'
		echo 'set default=0'
	fi
	echo 'serial --unit=0 --speed=115200'
	echo 'terminal_input serial console'
	echo 'terminal_output serial console'
	entry "pinos" ""
	entry "pinos: run all tests" "tests=*"
	entry "boot self-test" "tests=boot console=ttyS0 quiet"
	for p in linux legacy no-file-write linux-exempt skip-pinned bounce; do
		entry "pinos: pin_policy=$p" "pin_policy=$p"
	done
} > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$iso" "$dir" >"$(dirname "$iso")/grub-mkrescue.log" 2>&1 || {
	cat "$(dirname "$iso")/grub-mkrescue.log" >&2
	exit 1
}

#!/bin/sh
# Check the host packages pinos needs; install the missing ones with
# apt-get when running as root, otherwise print the exact command.
# Nothing else is ever downloaded.
set -e

# package:command-or-file that proves it is installed
need="binutils:ld gcc:gcc make:make qemu-system-x86:qemu-system-x86_64
grub-pc-bin:/usr/lib/grub/i386-pc/moddep.lst grub-common:grub-mkrescue
xorriso:xorriso mtools:mformat e2fsprogs:mkfs.ext2
newlib-source:/usr/src/newlib python3:python3 cpio:cpio"

missing=""
for item in $need; do
	pkg=${item%%:*}
	probe=${item#*:}
	case "$probe" in
	/*) [ -e "$probe" ] || missing="$missing $pkg" ;;
	*) command -v "$probe" >/dev/null 2>&1 || missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q $missing >/tmp/pinos-apt.log 2>&1; then
		apt-get update -q >/dev/null 2>&1 || true
		apt-get install -y -q $missing >/tmp/pinos-apt.log 2>&1 || {
			tail -20 /tmp/pinos-apt.log
			echo "deps: apt-get install failed" >&2
			exit 1
		}
	fi
else
	echo "deps: missing host packages. Install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi

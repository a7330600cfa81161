#!/bin/bash
#
# build-newlib.sh - build newlib once for pinos user programs.
#
# Interface: run from anywhere inside the tree, no arguments. Installs
# newlib for the x86_64-elf target under build/newlib/ (headers in
# build/newlib/x86_64-elf/include, libc.a and libm.a in .../lib) and
# touches build/newlib/.stamp when done. A second run with the stamp
# present does nothing, so make can call it freely.
#
# Rules: the source is Debian's newlib-source package; nothing else is
# fetched. Newlib is built with --disable-newlib-supplied-syscalls, so
# the plain-named stubs (read, write, sbrk, ...) come from user/lib/.
# Output goes to build/newlib.log; only its tail is shown on failure.
# Concurrent runs serialise on a lock so "make -j" cannot build twice.
#
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=$ROOT/build/newlib
STAMP=$PREFIX/.stamp
SRC=$ROOT/build/newlib-src
OBJ=$ROOT/build/newlib-obj
LOG=$ROOT/build/newlib.log
TARGET=x86_64-elf
TFLAGS="-O2 -g -ffreestanding -fno-stack-protector -mno-red-zone"
TFLAGS="$TFLAGS -fno-pic -fno-pie -static"

# dpkg renames files into place whole, so a tarball that exists is
# complete; while apt or dpkg runs it may still be on its way.
find_tarball() {
	local i t
	for i in $(seq 1 120); do
		for t in /usr/src/newlib/newlib-*.tar.xz; do
			if [ -f "$t" ]; then
				echo "$t"
				return 0
			fi
		done
		apt_busy || return 1
		[ "$i" = 1 ] && echo "waiting for apt/dpkg..." >&2
		sleep 5
	done
	return 1
}

apt_busy() {
	local p
	for p in /proc/[0-9]*/comm; do
		case $(cat "$p" 2>/dev/null) in
		apt|apt-get|dpkg) return 0 ;;
		esac
	done
	return 1
}

# Root installs what is missing; anyone else is told the command.
apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "missing Debian package; run as root:" >&2
		echo "  apt-get install -y $1" >&2
		exit 1
	fi
	echo "installing $1..." >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y "$1" >/dev/null 2>&1 ||
	    { apt-get update >/dev/null 2>&1 &&
	      apt-get install -y "$1" >/dev/null 2>&1; } || {
		echo "apt-get install -y $1 failed" >&2
		exit 1
	}
}

need_tarball() {
	local t

	if ! t=$(find_tarball); then
		apt_install newlib-source
		t=$(find_tarball)
	fi
	echo "$t"
}

fail() {
	echo "newlib build failed ($1); last lines of $LOG:" >&2
	tail -n 40 "$LOG" >&2
	exit 1
}

build() {
	local tarball=$1

	# A calling make's flags and the user's compiler settings must
	# not leak into newlib's own build.
	unset MAKEFLAGS MFLAGS MAKELEVEL CC CFLAGS CPPFLAGS LDFLAGS
	rm -rf "$SRC" "$OBJ" "$PREFIX"
	mkdir -p "$SRC" "$OBJ" "$PREFIX"
	: >"$LOG"
	tar -xJf "$tarball" -C "$SRC" --strip-components=1 ||
	    fail "unpack"
	cd "$OBJ"
	# Debian's gcc/binutils already target x86_64 ELF: use them as
	# the "cross" tools rather than looking for x86_64-elf-gcc.
	env CC_FOR_TARGET=gcc AR_FOR_TARGET=ar AS_FOR_TARGET=as \
	    LD_FOR_TARGET=ld NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
	    OBJDUMP_FOR_TARGET=objdump STRIP_FOR_TARGET=strip \
	    CFLAGS_FOR_TARGET="$TFLAGS" \
	    "$SRC/configure" --target=$TARGET --prefix="$PREFIX" \
	    --disable-newlib-supplied-syscalls --disable-multilib \
	    --disable-nls >>"$LOG" 2>&1 || fail "configure"
	make -j2 all-target-newlib >>"$LOG" 2>&1 || fail "make"
	# MAKEINFO=true: the info manuals need texinfo, which we lack
	# and do not want.
	make install-target-newlib MAKEINFO=true >>"$LOG" 2>&1 ||
	    fail "install"
	[ -f "$PREFIX/$TARGET/lib/libc.a" ] || fail "no libc.a"
}

main() {
	local start tarball

	mkdir -p "$ROOT/build"
	exec 9>"$ROOT/build/.newlib.lock"
	flock 9
	if [ -f "$STAMP" ]; then
		exit 0
	fi
	tarball=$(need_tarball)
	command -v xz >/dev/null || apt_install xz-utils
	start=$(date +%s)
	echo "building newlib from $(basename "$tarball")..."
	build "$tarball"
	rm -rf "$SRC" "$OBJ"
	touch "$STAMP"
	echo "newlib installed in build/newlib ($(( $(date +%s) - start ))s)"
}

main "$@"

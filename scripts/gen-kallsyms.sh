#!/bin/sh
# Turn `nm -n` output (on stdin) into an assembly file holding the
# kernel's text symbols, sorted by address, for symbolized backtraces
# (kernel/trap/kallsyms.c). Empty input gives an empty table, used by
# the first link pass.
awk 'BEGIN { n = 0 }
NF == 3 && $2 ~ /^[TtWw]$/ && $3 !~ /^\.L/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_num, kallsyms_addrs, kallsyms_offsets, kallsyms_names"
	print "kallsyms_num:\t.quad " n + 0
	print "kallsyms_addrs:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'

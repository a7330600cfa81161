/*
 * newlib's values of the names listed in abi.h: what user programs
 * compile against. _GNU_SOURCE makes newlib show every name we list
 * (AT_EMPTY_PATH); EUCLEAN, which newlib lacks, comes from
 * user/include/errno.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

#include "abi.h"

#define PINOS_ABI_VALUE(name) name,

const struct pinos_abi __pinos_abi_newlib = {
	.errnos = { PINOS_ERRNO_LIST(PINOS_ABI_VALUE) },
	.oflags = { PINOS_OFLAG_LIST(PINOS_ABI_VALUE) },
	.atflags = { PINOS_ATFLAG_LIST(PINOS_ABI_VALUE) },
	.fcntls = { PINOS_FCNTL_LIST(PINOS_ABI_VALUE) },
	.signals = { PINOS_SIGNAL_LIST(PINOS_ABI_VALUE) },
	.at_fdcwd = AT_FDCWD,
};

/*
 * The kernel's (Linux) values of the names listed in abi.h. This file
 * must include nothing from newlib: uapi and newlib define the same
 * macro names with different values.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>

#include "abi.h"

#define PINOS_ABI_VALUE(name) name,

const struct pinos_abi __pinos_abi_linux = {
	.errnos = { PINOS_ERRNO_LIST(PINOS_ABI_VALUE) },
	.oflags = { PINOS_OFLAG_LIST(PINOS_ABI_VALUE) },
	.atflags = { PINOS_ATFLAG_LIST(PINOS_ABI_VALUE) },
	.fcntls = { PINOS_FCNTL_LIST(PINOS_ABI_VALUE) },
	.signals = { PINOS_SIGNAL_LIST(PINOS_ABI_VALUE) },
	.at_fdcwd = AT_FDCWD,
};

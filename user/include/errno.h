/*
 * <errno.h>: newlib's, with every Linux error name visible, so each
 * error the pinos kernel returns has a name in user space. newlib hides
 * some Linux names (ENOTBLK, ENODATA, ...) unless asked, and lacks
 * EUCLEAN, which gets a pinos-private value here (newlib leaves 2000
 * and up to the system). libpinos maps the kernel's numbers onto these.
 */
#ifndef _PINOS_USER_ERRNO_H
#define _PINOS_USER_ERRNO_H

#ifndef __LINUX_ERRNO_EXTENSIONS__
#define __LINUX_ERRNO_EXTENSIONS__
#endif
#include_next <errno.h>

#ifndef EUCLEAN
#define EUCLEAN		2000	/* Structure needs cleaning */
#endif

#endif

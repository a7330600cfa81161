/* <sys/vfs.h>: the Linux name for <sys/statfs.h>. */
#ifndef _PINOS_USER_SYS_VFS_H
#define _PINOS_USER_SYS_VFS_H

#include <sys/statfs.h>

#endif

/*
 * <sys/mount.h>: mount(2) and umount2(2) with Linux flags (MS_*,
 * MNT_*). newlib has no such header.
 */
#ifndef _PINOS_USER_SYS_MOUNT_H
#define _PINOS_USER_SYS_MOUNT_H

#include <uapi/mount.h>

int mount(const char *source, const char *target, const char *fstype,
    unsigned long flags, const void *data);
int umount(const char *target);
int umount2(const char *target, int flags);

#endif

/*
 * mount(2) and umount2(2) flags of the Linux ABI. mount() takes MS_*
 * in its flags word (the historical magic 0xC0ED in the top half is
 * accepted and ignored by Linux; pinos should do the same), umount2()
 * takes MNT_*.
 */
#ifndef _UAPI_PINOS_MOUNT_H
#define _UAPI_PINOS_MOUNT_H

#define MS_RDONLY	0x00000001
#define MS_NOSUID	0x00000002
#define MS_NODEV	0x00000004
#define MS_NOEXEC	0x00000008
#define MS_SYNCHRONOUS	0x00000010
#define MS_REMOUNT	0x00000020
#define MS_DIRSYNC	0x00000080
#define MS_NOATIME	0x00000400
#define MS_NODIRATIME	0x00000800
#define MS_BIND		0x00001000
#define MS_MOVE		0x00002000
#define MS_REC		0x00004000
#define MS_SILENT	0x00008000

#define MS_MGC_VAL	0xC0ED0000
#define MS_MGC_MSK	0xffff0000

#define MNT_FORCE	0x00000001
#define MNT_DETACH	0x00000002
#define MNT_EXPIRE	0x00000004
#define UMOUNT_NOFOLLOW	0x00000008

#endif

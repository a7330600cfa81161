/*
 * Bringing the VFS up at boot, as an fs_initcall: after the RTC has
 * been read (core), so file times are real, and before the drivers
 * (device_initcall), which may mount disks. Character devices and
 * sysctls may be registered at any level: devfs and /proc/sys/vm show
 * them whenever they come.
 *
 *   register tmpfs (plus the internal shm mount), devfs and procfs,
 *   and mount the internal pipefs;
 *   mount an empty tmpfs at "/" (init_fs's root and cwd);
 *   unpack the initramfs into it, if the boot loader gave us one;
 *   register /dev/null, /dev/zero, /dev/console;
 *   mkdir and mount /dev (devfs), /proc (procfs), /tmp (tmpfs).
 *
 * Failing to mount "/" is fatal; anything after it only warns, so a
 * broken initramfs still leaves a usable system.
 */
#include "internal.h"
#include <init.h>

static void
mount_on(const char *dir, const char *type)
{
	int err = do_mkdirat(AT_FDCWD, dir, 0755);

	if (err && err != -EEXIST)
		pr_warn("vfs: mkdir %s: %d\n", dir, err);
	err = do_mount(type, dir, type, 0);
	if (err)
		pr_warn("vfs: mount %s on %s: %d\n", type, dir, err);
}

static void
warn_if(int err, const char *what)
{
	if (err)
		pr_warn("vfs: %s: %d\n", what, err);
}

static int
vfs_init(void)
{
	int err = shmem_init();

	if (err)
		panic("vfs: tmpfs: %d", err);
	warn_if(devfs_init(), "devfs");
	warn_if(procfs_init(), "procfs");
	warn_if(pipe_init(), "pipefs");
	err = init_mount_tree();
	if (err)
		panic("vfs: cannot mount /: %d", err);
	warn_if(populate_rootfs(), "initramfs");
	warn_if(mem_devs_init(), "/dev/null, /dev/zero");
	warn_if(console_init(), "/dev/console");
	mount_on("/dev", "devfs");
	mount_on("/proc", "proc");
	mount_on("/tmp", "tmpfs");
	return 0;
}
fs_initcall(vfs_init);

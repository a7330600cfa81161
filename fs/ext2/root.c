/*
 * The root filesystem: ext2 on a disk when there is one, else the
 * initramfs.
 *
 * fs/fs_init.c brings up a tmpfs "/" at core_initcall and unpacks the
 * initramfs into it; disks appear later (virtio-blk and ram0 probe at
 * device_initcall). This late_initcall then looks for the root disk:
 *
 *   root=/dev/vda, root=vda, root=ram0   that device (an error if it
 *                                        holds no valid ext2)
 *   root=initramfs                       keep the initramfs
 *   (nothing)                            vda if it holds an ext2, else
 *                                        ram0 (the GRUB disk.img
 *                                        module), else the initramfs
 *
 * The ext2 is mounted over the tmpfs root, and init_fs's root and cwd
 * move onto it (as Linux's "mount --move . /; chroot ."), so every
 * later path lookup and every user process starts there: /bin comes
 * from the disk. /dev, /proc and /tmp are mounted again on top of it
 * (devfs is one tree however often it is mounted). The initramfs stays
 * below, unreachable, and is what a boot without a disk keeps using.
 * One line says which root was chosen.
 */
#include "ext2.h"
#include "../internal.h"
#include <cmdline.h>
#include <init.h>
#include <slab.h>

static const char *root_opt;

static int
setup_root(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	root_opt = val;
	return 0;
}
__setup("root=", setup_root);

/* Does @name exist and carry the ext2 magic? (Quiet: no disk is fine.) */
static bool
looks_like_ext2(const char *name)
{
	struct block_device *bdev = blkdev_get_by_name(name);
	struct ext2_super_block *es;
	bool yes;

	if (IS_ERR(bdev))
		return false;
	es = kmalloc(sizeof(*es), GFP_KERNEL);
	if (!es)
		return false;
	yes = !bdev_read(bdev, 1024 >> SECTOR_SHIFT, es, sizeof(*es)) &&
	      es->s_magic == EXT2_SUPER_MAGIC_NR;
	kfree(es);
	return yes;
}

static void
remount_on(const char *dir, const char *type)
{
	int err = do_mkdirat(AT_FDCWD, dir, 0755);

	if (err && err != -EEXIST)
		pr_warn("VFS: mkdir %s on the root disk: %d\n", dir, err);
	err = do_mount(type, dir, type, 0);
	if (err)
		pr_warn("VFS: mount %s on %s: %d\n", type, dir, err);
}

/* Mount @name over "/" and make it everyone's root. */
static int
mount_root_disk(const char *name)
{
	struct path root;
	int err = do_mount(name, "/", "ext2", 0);

	if (err)
		return err;
	get_fs_root(&root);
	follow_mount(&root); /* from the tmpfs to the ext2 */
	set_fs_root(&init_fs, &root);
	set_fs_pwd(&init_fs, &root);
	path_put(&root);
	remount_on("/dev", "devfs");
	remount_on("/proc", "proc");
	remount_on("/tmp", "tmpfs");
	pr_info("VFS: Mounted root (ext2 filesystem) on %s.\n", name);
	return 0;
}

static const char *
pick_root_device(void)
{
	if (root_opt)
		return strncmp(root_opt, "/dev/", 5) ? root_opt : root_opt + 5;
	if (looks_like_ext2("vda"))
		return "vda";
	if (looks_like_ext2("ram0"))
		return "ram0";
	return NULL;
}

static int
ext2_mount_root(void)
{
	const char *name;
	int err;

	if (root_opt && !strcmp(root_opt, "initramfs")) {
		pr_info("VFS: root: the initramfs (root=initramfs)\n");
		return 0;
	}
	name = pick_root_device();
	if (!name) {
		pr_info("VFS: root: the initramfs (no ext2 disk found)\n");
		return 0;
	}
	err = mount_root_disk(name);
	if (err)
		pr_err("VFS: cannot mount root %s (error %d); keeping the "
		       "initramfs\n",
		       name, err);
	return 0;
}
late_initcall(ext2_mount_root);

/*
 * Suite "ext2": the ext2 filesystem on the test disks.
 *
 * vda (build/disk.img, 4 KiB blocks; a scratch copy per boot; ram0 on
 * a GRUB boot) is mounted at /tmp/e2a for each case -- the same
 * superblock as "/" when the root is the disk -- and vdb
 * (build/disk-1k.img, 1 KiB blocks),
 * when the harness attached it, at /tmp/e2b by the cases that need it.
 * scripts/mkdisk.sh documents the files the image holds; pattern.bin
 * and big.bin hold the 32-bit little-endian word i at byte 4*i.
 *
 * Covered: superblock and descriptor validation (in memory, and by
 * mounting a corrupted vdb); reading through direct, indirect and
 * double-indirect blocks; create/write/read back from disk/unlink with
 * the free counts checked against the bitmaps; directories (getdents,
 * rename, link, rmdir of a non-empty directory, names of 255 and 256
 * bytes, many blocks); truncate both ways; sparse files; blocks of a
 * hole allocated only by ->page_mkwrite (a store through a shared
 * mapping on the test's own mm) or ->write_begin; a folio dirtied
 * behind the filesystem's back is caught by ->writepage and written
 * nowhere; a full disk gives -ENOSPC and frees back; a corrupt
 * directory entry or block pointer gives an error, never a crash.
 * Every case works under its own directory and removes it.
 */
#include <kunit.h>
#include <fs.h>
#include <fdtable.h>
#include <gfp.h>
#include <mman.h>
#include <sched.h>
#include <slab.h>
#include <uaccess.h>
#include <vmstat.h>
#include <writeback.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "../../fs/internal.h"
#include "../../fs/ext2/ext2.h"

#define MNT   "/tmp/e2a"
#define MNT1K "/tmp/e2b"
#define P     PAGE_SIZE

static bool vda_mounted, vdb_mounted;

/* The 4 KiB-block disk: vda, or ram0 on a GRUB boot without virtio. */
static const char *
disk4k(void)
{
	if (!IS_ERR(blkdev_get_by_name("vda")))
		return "vda";
	return IS_ERR(blkdev_get_by_name("ram0")) ? NULL : "ram0";
}

static struct block_device *
disk4k_bdev(void)
{
	return disk4k() ? blkdev_get_by_name(disk4k()) : ERR_PTR(-ENODEV);
}

static int
e2_init(struct kunit *test)
{
	int err = do_mkdirat(AT_FDCWD, MNT, 0755);

	if (err && err != -EEXIST)
		return err;
	vda_mounted = disk4k() && do_mount(disk4k(), MNT, "ext2", 0) == 0;
	return 0;
}

/* Leave the disks consistent for the host's e2fsck after the boot. */
static void
e2_exit(struct kunit *test)
{
	sync_all_filesystems();
	if (vdb_mounted && do_umount(MNT1K, 0) == 0)
		vdb_mounted = false;
	if (vda_mounted && do_umount(MNT, 0) == 0)
		vda_mounted = false;
	if (current->mm) {
		struct mm_struct *mm = current->mm;

		kthread_unuse_mm(mm);
		mmput(mm);
	}
}

static void
need_vda(struct kunit *test)
{
	if (!disk4k())
		kunit_skip(test, "no vda (or ram0) disk");
	KUNIT_ASSERT_TRUE(test, vda_mounted);
}

static void
mount_vdb(struct kunit *test)
{
	int err;

	if (IS_ERR(blkdev_get_by_name("vdb")))
		kunit_skip(test, "no vdb (1 KiB-block disk) attached");
	err = do_mkdirat(AT_FDCWD, MNT1K, 0755);
	KUNIT_ASSERT_TRUE(test, err == 0 || err == -EEXIST);
	KUNIT_ASSERT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), 0);
	vdb_mounted = true;
}

static struct super_block *
sb_of(struct kunit *test, const char *dir)
{
	struct super_block *sb;
	struct path p;

	KUNIT_ASSERT_EQ(test, kern_path(dir, &p), 0);
	sb = p.dentry->d_sb;
	path_put(&p);
	KUNIT_ASSERT_EQ(test, sb->s_magic, EXT2_SUPER_MAGIC);
	return sb;
}

/* The inode at @path, referenced (iput it). */
static struct inode *
inode_of(struct kunit *test, const char *path)
{
	struct inode *inode;
	struct path p;

	KUNIT_ASSERT_EQ(test, kern_path(path, &p), 0);
	inode = igrab(p.dentry->d_inode);
	path_put(&p);
	KUNIT_ASSERT_NOT_NULL(test, inode);
	return inode;
}

static int
write_at(const char *path, const void *buf, size_t n, loff_t off)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT, 0644);
	ssize_t r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = kernel_write(f, buf, n, &off);
	fput(f);
	return r == (ssize_t)n ? 0 : r < 0 ? r : -EIO;
}

static ssize_t
read_at(const char *path, void *buf, size_t n, loff_t off)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	ssize_t r, done = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (done < (ssize_t)n &&
	       (r = kernel_read(f, (char *)buf + done, n - done, &off)) > 0)
		done += r;
	fput(f);
	return done ? done : r;
}

static int
fsync_path(const char *path)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fsync(f, 0);
	fput(f);
	return err;
}

static int
truncate_path(const char *path, loff_t len)
{
	struct path p;
	int err = kern_path(path, &p);

	if (err)
		return err;
	err = do_truncate(p.dentry, len);
	path_put(&p);
	return err;
}

static u32
free_blocks(struct super_block *sb)
{
	return READ_ONCE(EXT2_SB(sb)->s_es->s_free_blocks_count);
}

/* Bitmaps, group descriptors and superblock agree (e2fsck pass 5). */
static void
expect_counts_agree(struct kunit *test, struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 sum = 0;

	for (u32 g = 0; g < sbi->s_groups_count; g++)
		sum += ext2_get_group_desc(sb, g, NULL)->bg_free_blocks_count;
	KUNIT_EXPECT_EQ(test, sum, free_blocks(sb));
	KUNIT_EXPECT_EQ(test, ext2_count_free_blocks(sb), free_blocks(sb));
}

static u32
word_at(struct kunit *test, const char *path, loff_t off)
{
	u32 w = 0xdeadbeef;

	KUNIT_EXPECT_EQ(test, read_at(path, &w, 4, off), 4);
	return w;
}

/* ---- superblock and descriptor validation ---- */

static void
read_super_copy(struct kunit *test, struct block_device *bdev,
		struct ext2_super_block *es)
{
	KUNIT_ASSERT_EQ(test, bdev_read(bdev, 2, es, sizeof(*es)), 0);
}

static void
ext2_super_validation(struct kunit *test)
{
	struct block_device *bdev = disk4k_bdev();
	struct ext2_super_block *es = kmalloc(2 * sizeof(*es), GFP_KERNEL);
	struct ext2_super_block *bad = es + 1;
	struct ext2_sb_info sbi = {};
	u64 bytes;

	if (IS_ERR(bdev))
		kunit_skip(test, "no vda (or ram0) disk");
	KUNIT_ASSERT_NOT_NULL(test, es);
	bytes = bdev_nr_sectors(bdev) << SECTOR_SHIFT;
	read_super_copy(test, bdev, es);
	KUNIT_EXPECT_EQ(test, ext2_validate_super(es, bytes, &sbi), 0);
	KUNIT_EXPECT_EQ(test, sbi.s_blocksize, 4096);
	KUNIT_EXPECT_EQ(test, sbi.s_groups_count, 1);
#define TRY(field, value, err)                                                 \
	do {                                                                   \
		*bad = *es;                                                    \
		bad->field = (value);                                          \
		KUNIT_EXPECT_EQ(test, ext2_validate_super(bad, bytes, &sbi),   \
				err);                                          \
	} while (0)
	TRY(s_magic, 0xEF54, -EINVAL);
	TRY(s_blocks_per_group, 0, -EUCLEAN);
	TRY(s_log_block_size, 7, -EUCLEAN); /* 128 KiB */
	TRY(s_log_block_size, 0xffffffff, -EUCLEAN);
	TRY(s_inode_size, 7, -EUCLEAN);
	TRY(s_inode_size, 8192, -EUCLEAN); /* over the block */
	TRY(s_first_data_block, es->s_blocks_count + 1, -EUCLEAN);
	TRY(s_blocks_count, es->s_blocks_count * 2, -EINVAL); /* device */
	TRY(s_inodes_per_group, 0, -EUCLEAN);
	TRY(s_inodes_count, es->s_inodes_count + 8, -EUCLEAN);
	TRY(s_feature_incompat, es->s_feature_incompat | 0x4, -EINVAL);
	TRY(s_rev_level, 7, -EINVAL);
#undef TRY
	kfree(es);
}

static void
ext2_descriptor_validation(struct kunit *test)
{
	struct block_device *bdev = disk4k_bdev();
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	struct ext2_group_desc *gd = kmalloc(4096, GFP_KERNEL);
	struct ext2_sb_info sbi = {};
	u32 it;

	if (IS_ERR(bdev))
		kunit_skip(test, "no vda (or ram0) disk");
	KUNIT_ASSERT_NOT_NULL(test, es);
	KUNIT_ASSERT_NOT_NULL(test, gd);
	read_super_copy(test, bdev, es);
	KUNIT_ASSERT_EQ(test,
			ext2_validate_super(
			    es, bdev_nr_sectors(bdev) << SECTOR_SHIFT, &sbi),
			0);
	/* 4 KiB blocks: the table is block 1, sectors 8-15. */
	KUNIT_ASSERT_EQ(test, bdev_read(bdev, 8, gd, 4096), 0);
	KUNIT_EXPECT_EQ(test, ext2_check_descriptors(&sbi, gd, 0, 1), 0);
	it = gd->bg_inode_table;
	gd->bg_inode_table = sbi.s_blocks_count + 10; /* past the end */
	KUNIT_EXPECT_EQ(test, ext2_check_descriptors(&sbi, gd, 0, 1), -EUCLEAN);
	gd->bg_inode_table = sbi.s_blocks_count - 1; /* runs past it */
	KUNIT_EXPECT_EQ(test, ext2_check_descriptors(&sbi, gd, 0, 1), -EUCLEAN);
	gd->bg_inode_table = it;
	gd->bg_block_bitmap = 0xffffffff;
	KUNIT_EXPECT_EQ(test, ext2_check_descriptors(&sbi, gd, 0, 1), -EUCLEAN);
	kfree(gd);
	kfree(es);
}

/*
 * A corrupted superblock or descriptor table on a real disk: the mount
 * is refused (vdb is a scratch copy, restored afterwards).
 */
static void
ext2_corrupt_disk_refused(struct kunit *test)
{
	struct block_device *bdev = blkdev_get_by_name("vdb");
	char *good = kmalloc(2048, GFP_KERNEL), *bad = good + 1024;
	struct ext2_super_block *es = (void *)bad;
	struct ext2_group_desc *gd = (void *)bad;

	if (IS_ERR(bdev))
		kunit_skip(test, "no vdb (1 KiB-block disk) attached");
	KUNIT_ASSERT_NOT_NULL(test, good);
	do_mkdirat(AT_FDCWD, MNT1K, 0755); /* may exist */
	KUNIT_ASSERT_EQ(test, bdev_read(bdev, 2, good, 1024), 0);
	memcpy(bad, good, 1024);
	es->s_magic = 0x1234;
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, 2, bad, 1024), 0);
	KUNIT_EXPECT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), -EINVAL);
	memcpy(bad, good, 1024);
	es->s_blocks_per_group = 0;
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, 2, bad, 1024), 0);
	KUNIT_EXPECT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), -EUCLEAN);
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, 2, good, 1024), 0);
	/* 1 KiB blocks: descriptors in block 2 = sectors 4-5. */
	KUNIT_ASSERT_EQ(test, bdev_read(bdev, 4, good, 1024), 0);
	memcpy(bad, good, 1024);
	gd[1].bg_inode_table = 0x7fffffff;
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, 4, bad, 1024), 0);
	KUNIT_EXPECT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), -EUCLEAN);
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, 4, good, 1024), 0);
	KUNIT_EXPECT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), 0);
	KUNIT_EXPECT_EQ(test, do_umount(MNT1K, 0), 0);
	kfree(good);
}

/* ---- reading the image's files ---- */

static void
check_testdata(struct kunit *test, const char *root)
{
	char path[64], buf[40] = {};
	u32 last_big = (5 << 20) / 4 - 1;

	snprintf(path, sizeof(path), "%s/testdata/hello.txt", root);
	KUNIT_EXPECT_EQ(test, read_at(path, buf, sizeof(buf), 0), 32);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "Hello from the pinos ext2 disk!\n"),
			0);
	snprintf(path, sizeof(path), "%s/testdata/link", root);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, read_at(path, buf, sizeof(buf), 0), 32);
	snprintf(path, sizeof(path), "%s/testdata/empty", root);
	KUNIT_EXPECT_EQ(test, read_at(path, buf, sizeof(buf), 0), 0);
	snprintf(path, sizeof(path), "%s/testdata/dir/nested.txt", root);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, read_at(path, buf, sizeof(buf), 0), 7);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "nested\n"), 0);
	snprintf(path, sizeof(path), "%s/testdata/pattern.bin", root);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 0), 0);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 12 * 1024), 12 * 256);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 48 * 1024 + 8),
			12 * 1024 + 2);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 100 * 1024 - 4),
			25 * 1024 - 1);
	KUNIT_EXPECT_EQ(test, read_at(path, buf, 4, 100 * 1024), 0); /* EOF */
	snprintf(path, sizeof(path), "%s/testdata/big.bin", root);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 4), 1);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 268 * 1024), 67 * 1024);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 4243456), 4243456 / 4);
	KUNIT_EXPECT_EQ(test, word_at(test, path, 4243456 + 4096 * 7 + 12),
			(4243456 + 4096 * 7 + 12) / 4);
	KUNIT_EXPECT_EQ(test, word_at(test, path, (5 << 20) - 4), last_big);
}

static void
ext2_read_image_files(struct kunit *test)
{
	struct inode *big, *pat, *dir;

	need_vda(test);
	check_testdata(test, MNT);
	pat = inode_of(test, MNT "/testdata/pattern.bin");
	KUNIT_EXPECT_EQ(test, pat->i_size, 100 * 1024);
	KUNIT_EXPECT_NE(test, ext2_bmap(pat, 12), 0); /* via indirect */
	KUNIT_EXPECT_EQ(test, ext2_bmap(pat, 25), 0); /* past EOF */
	big = inode_of(test, MNT "/testdata/big.bin");
	/* 1280 data blocks, the indirect, the double and one of its leaves */
	KUNIT_EXPECT_EQ(test, big->i_blocks, (1280 + 3) * 8);
	KUNIT_EXPECT_NE(test, ext2_bmap(big, 1036), 0); /* double-indirect */
	KUNIT_EXPECT_NE(test, ext2_bmap(big, 1279), 0);
	dir = inode_of(test, MNT "/testdata/dir");
	KUNIT_EXPECT_TRUE(test, S_ISDIR(dir->i_mode));
	iput(dir);
	iput(big);
	iput(pat);
}

/* ---- files and directories ---- */

static void
ext2_create_write_read_unlink(struct kunit *test)
{
	const char *f = MNT "/rw_file";
	struct super_block *sb;
	size_t n = 3 * P + 123;
	u8 *buf = kmalloc(n, GFP_KERNEL), *back = kzalloc(n, GFP_KERNEL);
	struct inode *inode;
	u32 free0;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, back);
	sb = sb_of(test, MNT);
	free0 = free_blocks(sb);
	for (size_t i = 0; i < n; i++)
		buf[i] = i * 7 + 3;
	KUNIT_ASSERT_EQ(test, write_at(f, buf, n, 0), 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0 - 4);
	KUNIT_EXPECT_EQ(test, fsync_path(f), 0);
	inode = inode_of(test, f);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 4 * 8);
	KUNIT_EXPECT_EQ(test, inode->i_size, n);
	iput(inode);
	drop_pagecache(); /* the next read is from disk */
	KUNIT_EXPECT_EQ(test, read_at(f, back, n, 0), n);
	KUNIT_EXPECT_MEMEQ(test, buf, back, n);
	expect_counts_agree(test, sb);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0);
	KUNIT_EXPECT_EQ(test, read_at(f, back, 1, 0), -ENOENT);
	expect_counts_agree(test, sb);
	kfree(back);
	kfree(buf);
}

struct names {
	struct dir_context ctx;
	int n, dirs;
	bool seen_dot, seen_dotdot, seen_sub;
};

static bool
collect_name(struct dir_context *ctx, const char *name, int len, loff_t pos,
	     u64 ino, unsigned int type)
{
	struct names *nm = container_of(ctx, struct names, ctx);

	nm->n++;
	nm->dirs += type == DT_DIR;
	nm->seen_dot |= len == 1 && name[0] == '.';
	nm->seen_dotdot |= len == 2 && !memcmp(name, "..", 2);
	nm->seen_sub |= len == 3 && !memcmp(name, "sub", 3);
	return true;
}

static struct names
list_dir(struct kunit *test, const char *path)
{
	struct names nm = { .ctx.actor = collect_name };
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, iterate_dir(f, &nm.ctx), 0);
	fput(f);
	return nm;
}

static void
ext2_directories(struct kunit *test)
{
	struct inode *d, *a, *b;
	struct names nm;

	need_vda(test);
	KUNIT_ASSERT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/d", 0755), 0);
	KUNIT_ASSERT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/d/sub", 0755), 0);
	KUNIT_ASSERT_EQ(test, write_at(MNT "/d/a", "x", 1, 0), 0);
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/d"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(
	    test, do_renameat(AT_FDCWD, MNT "/d/a", AT_FDCWD, MNT "/d/sub/b"),
	    0);
	nm = list_dir(test, MNT "/d");
	KUNIT_EXPECT_EQ(test, nm.n, 3);
	KUNIT_EXPECT_EQ(test, nm.dirs, 3);
	KUNIT_EXPECT_TRUE(test, nm.seen_dot && nm.seen_dotdot && nm.seen_sub);
	d = inode_of(test, MNT "/d");
	KUNIT_EXPECT_EQ(test, d->i_nlink, 3); /* name, ., sub's .. */
	KUNIT_EXPECT_EQ(
	    test, do_renameat(AT_FDCWD, MNT "/d/sub", AT_FDCWD, MNT "/sub2"),
	    0);
	KUNIT_EXPECT_EQ(test, d->i_nlink, 2);
	KUNIT_EXPECT_EQ(
	    test, do_linkat(AT_FDCWD, MNT "/sub2/b", AT_FDCWD, MNT "/d/hard"),
	    0);
	a = inode_of(test, MNT "/sub2/b");
	b = inode_of(test, MNT "/d/hard");
	KUNIT_EXPECT_TRUE(test, a == b); /* one inode per file */
	KUNIT_EXPECT_EQ(test, a->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT "/sub2/b"), 0);
	KUNIT_EXPECT_EQ(test, a->i_nlink, 1);
	iput(a);
	iput(b);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT "/d/hard"), 0);
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/sub2"), 0);
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/d"), 0);
	KUNIT_EXPECT_EQ(test, d->i_nlink, 0);
	iput(d);
	expect_counts_agree(test, sb_of(test, MNT));
}

static void
many_name(char *path, int i)
{
	snprintf(path, PATH_MAX, MNT "/many/entry-with-a-longish-name-%03d", i);
}

/* Names of 255 and 256 bytes; a directory of several blocks. */
static void
ext2_directory_blocks(struct kunit *test)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	int len = strlen(MNT "/many/");
	struct inode *dir;
	struct names nm;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, path);
	KUNIT_ASSERT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/many", 0755), 0);
	strlcpy(path, MNT "/many/", PATH_MAX);
	memset(path + len, 'n', 256);
	path[len + 256] = '\0';
	KUNIT_EXPECT_EQ(test, write_at(path, "x", 1, 0), -ENAMETOOLONG);
	path[len + 255] = '\0';
	KUNIT_EXPECT_EQ(test, write_at(path, "x", 1, 0), 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, path), 0);
	for (int i = 0; i < 150; i++) {
		many_name(path, i);
		KUNIT_ASSERT_EQ(test, write_at(path, "", 0, 0), 0);
	}
	dir = inode_of(test, MNT "/many");
	KUNIT_EXPECT_GT(test, dir->i_size, 4096); /* several blocks */
	iput(dir);
	nm = list_dir(test, MNT "/many");
	KUNIT_EXPECT_EQ(test, nm.n, 152);
	for (int i = 0; i < 150; i += 2) {
		many_name(path, i);
		KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, path), 0);
	}
	nm = list_dir(test, MNT "/many");
	KUNIT_EXPECT_EQ(test, nm.n, 77);
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/many"), -ENOTEMPTY);
	for (int i = 1; i < 150; i += 2) {
		many_name(path, i);
		KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, path), 0);
	}
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/many"), 0);
	kfree(path);
}

static void
ext2_truncate_shrink_grow(struct kunit *test)
{
	const char *f = MNT "/trunc";
	u8 *buf = kmalloc(60 * P, GFP_KERNEL), *back = kmalloc(P, GFP_KERNEL);
	struct super_block *sb;
	struct inode *inode;
	u32 free0;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, back);
	sb = sb_of(test, MNT);
	free0 = free_blocks(sb);
	memset(buf, 0x5a, 60 * P);
	KUNIT_ASSERT_EQ(test, write_at(f, buf, 60 * P, 0), 0); /* indirect */
	inode = inode_of(test, f);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 61 * 8);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0 - 61);
	KUNIT_EXPECT_EQ(test, truncate_path(f, 5000), 0);
	KUNIT_EXPECT_EQ(test, inode->i_size, 5000);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 2 * 8); /* indirect freed too */
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0 - 2);
	KUNIT_EXPECT_EQ(test, read_at(f, back, P, 4096), 904);
	KUNIT_EXPECT_EQ(test, back[903], 0x5a);
	KUNIT_EXPECT_EQ(test, truncate_path(f, 20000), 0); /* a hole */
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 2 * 8);
	KUNIT_EXPECT_EQ(test, read_at(f, back, P, 4096), P);
	KUNIT_EXPECT_EQ(test, back[903], 0x5a);
	KUNIT_EXPECT_EQ(test, back[904], 0); /* old tail: zeroes */
	KUNIT_EXPECT_EQ(test, back[P - 1], 0);
	KUNIT_EXPECT_EQ(test, fsync_path(f), 0);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, read_at(f, back, P, 4096), P);
	KUNIT_EXPECT_EQ(test, back[903], 0x5a);
	KUNIT_EXPECT_EQ(test, back[904], 0); /* zero on disk too */
	KUNIT_EXPECT_EQ(test, truncate_path(f, 0), 0);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0);
	iput(inode);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
	expect_counts_agree(test, sb);
	kfree(back);
	kfree(buf);
}

static void
ext2_sparse_file(struct kunit *test)
{
	const char *f = MNT "/sparse";
	u8 *buf = kmalloc(P, GFP_KERNEL);
	unsigned long viol = global_vm_event(FS_INVARIANT_VIOLATIONS);
	struct inode *inode;
	bool zeros = true;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, write_at(f, "data", 4, 1 << 20), 0);
	inode = inode_of(test, f);
	KUNIT_EXPECT_EQ(test, inode->i_size, (1 << 20) + 4);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 2 * 8); /* data + indirect */
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 0), 0);
	KUNIT_EXPECT_NE(test, ext2_bmap(inode, 256), 0);
	KUNIT_EXPECT_EQ(test, fsync_path(f), 0);
	drop_pagecache();
	for (loff_t off = 0; off < (1 << 20); off += P) {
		KUNIT_ASSERT_EQ(test, read_at(f, buf, P, off), P);
		for (size_t i = 0; i < P; i++)
			zeros &= buf[i] == 0;
	}
	KUNIT_EXPECT_TRUE(test, zeros);
	KUNIT_EXPECT_EQ(test, read_at(f, buf, 8, 1 << 20), 4);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "data", 4), 0);
	/* Writing into the hole goes through ->write_begin: no violation. */
	KUNIT_EXPECT_EQ(test, write_at(f, "mid", 3, 4096 * 9), 0);
	KUNIT_EXPECT_NE(test, ext2_bmap(inode, 9), 0);
	KUNIT_EXPECT_EQ(test, fsync_path(f), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(FS_INVARIANT_VIOLATIONS), viol);
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 3 * 8);
	iput(inode);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
	kfree(buf);
}

/* ---- the write-notify rule ---- */

static void
use_test_mm(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	KUNIT_ASSERT_NOT_NULL(test, mm);
	kthread_use_mm(mm);
}

static void
unmap(unsigned long a, size_t len)
{
	struct mm_struct *mm = current->mm;

	down_write(&mm->mmap_lock);
	do_munmap(mm, a, len);
	up_write(&mm->mmap_lock);
}

/* A shared mapping of a 2-page hole; the store allocates page 0 only. */
static void
mkwrite_case(struct kunit *test, const char *f, unsigned int blocks)
{
	unsigned long mk0 = global_vm_event(PGFAULT_MKWRITE);
	struct file *file;
	struct inode *inode;
	struct vm_area_struct *vma;
	u8 c = 0x77, r = 0;
	long a;

	KUNIT_ASSERT_EQ(test, write_at(f, "", 0, 0), 0);
	KUNIT_ASSERT_EQ(test, truncate_path(f, 2 * P), 0);
	file = filp_open(f, O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	inode = file->f_inode;
	use_test_mm(test);
	a = vm_mmap(file, 0, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_ASSERT_GT(test, a, 0);
	vma = vma_lookup(current->mm, a);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_TRUE(test, vma_needs_dirty_tracking(vma));
	KUNIT_EXPECT_EQ(test, copy_from_user(&r, (void *)a, 1), 0);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 0), 0); /* reading: no block */
	KUNIT_EXPECT_EQ(test, inode->i_blocks, 0);
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(a + 5), &c, 1), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_MKWRITE) - mk0, 1);
	for (unsigned int i = 0; i < blocks; i++)
		KUNIT_EXPECT_NE(test, ext2_bmap(inode, i), 0);
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, blocks), 0); /* page 1 */
	KUNIT_EXPECT_EQ(test, inode->i_blocks,
			blocks * (inode->i_sb->s_blocksize >> 9));
	KUNIT_EXPECT_EQ(test, vfs_fsync(file, 0), 0);
	unmap(a, 2 * P);
	fput(file);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, read_at(f, &r, 1, 5), 1);
	KUNIT_EXPECT_EQ(test, r, 0x77); /* it reached the disk */
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
}

static void
ext2_mkwrite_allocates_hole(struct kunit *test)
{
	need_vda(test);
	mkwrite_case(test, MNT "/mkwrite", 1);
}

/*
 * A folio of a hole dirtied directly (as a device writing through a
 * long-term pin and set_page_dirty would): ->writepage must notice
 * that it has no blocks, count a violation and write nothing.
 */
static void
ext2_writepage_without_blocks(struct kunit *test)
{
	const char *f = MNT "/noblocks";
	struct writeback_control wbc = { .sync_mode = WB_SYNC_ALL,
					 .nr_to_write = 1 };
	struct block_device *bdev = disk4k_bdev();
	unsigned long viol, subm;
	struct super_block *sb;
	struct folio *folio;
	struct inode *inode;
	char c;
	u32 free0;

	need_vda(test);
	sb = sb_of(test, MNT);
	KUNIT_ASSERT_EQ(test, write_at(f, "", 0, 0), 0);
	KUNIT_ASSERT_EQ(test, truncate_path(f, P), 0);
	KUNIT_ASSERT_EQ(test, read_at(f, &c, 1, 0), 1); /* cache the hole */
	inode = inode_of(test, f);
	folio = filemap_get_folio(inode->i_mapping, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(folio));
	sync_all_filesystems(); /* no other I/O pending on vda */
	memset(folio_address(folio), 0xab, P);
	folio_mark_dirty(folio); /* no ->page_mkwrite */
	free0 = free_blocks(sb);
	viol = global_vm_event(FS_INVARIANT_VIOLATIONS);
	subm = atomic_long_read(&bdev->bd_nr_submitted);
	KUNIT_EXPECT_EQ(test, write_one_folio(folio, &wbc), -EIO);
	folio_wait_writeback(folio);
	KUNIT_EXPECT_EQ(test, global_vm_event(FS_INVARIANT_VIOLATIONS) - viol,
			1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&bdev->bd_nr_submitted), subm);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0); /* nothing allocated */
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 0), 0);
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(folio)); /* data kept */
	KUNIT_EXPECT_EQ(test, fsync_path(f), -EIO);	  /* and reported */
	folio_put(folio);
	KUNIT_EXPECT_EQ(test, truncate_path(f, 0), 0); /* drop it */
	iput(inode);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
}

/* ---- full disk ---- */

static void
ext2_enospc(struct kunit *test)
{
	const size_t chunk = 256 * 1024;
	u8 *buf = kmalloc(chunk, GFP_KERNEL);
	struct super_block *sb;
	struct file *file;
	loff_t pos = 0;
	ssize_t r;
	u32 free0;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0xee, chunk);
	sb = sb_of(test, MNT);
	free0 = free_blocks(sb);
	file = filp_open(MNT "/fill", O_WRONLY | O_CREAT, 0644);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	while ((r = kernel_write(file, buf, chunk, &pos)) == (ssize_t)chunk)
		;
	if (r >= 0) /* a short write: the next one fails */
		r = kernel_write(file, buf, chunk, &pos);
	fput(file);
	KUNIT_EXPECT_EQ(test, r, -ENOSPC);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), 0);
	KUNIT_EXPECT_GT(test, pos, (loff_t)(free0 - 64) * 4096);
	KUNIT_EXPECT_EQ(test, write_at(MNT "/fill2", "x", 1, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/filldir", 0755),
			-ENOSPC);
	expect_counts_agree(test, sb);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT "/fill2"), 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT "/fill"), 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0);
	expect_counts_agree(test, sb);
	kfree(buf);
}

/* ---- corruption found at run time ---- */

static void
ext2_corrupt_dirent_and_pointer(struct kunit *test)
{
	struct super_block *sb;
	struct buffer_head *bh;
	struct inode *dir, *file;
	struct path p;
	u16 saved;
	u32 blk;
	char c;

	need_vda(test);
	sb = sb_of(test, MNT);
	KUNIT_ASSERT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/cd", 0755), 0);
	KUNIT_ASSERT_EQ(test, write_at(MNT "/cd/f", "abc", 3, 0), 0);
	KUNIT_ASSERT_EQ(test, fsync_path(MNT "/cd/f"), 0); /* all clean */
	dir = inode_of(test, MNT "/cd");
	bh = sb_bread(sb, ext2_bmap(dir, 0));
	KUNIT_ASSERT_FALSE(test, IS_ERR(bh));
	saved = ((struct ext2_dir_entry_2 *)bh->b_data)->rec_len;
	((struct ext2_dir_entry_2 *)bh->b_data)->rec_len = 3;
	KUNIT_EXPECT_EQ(test, kern_path(MNT "/cd/unknown", &p), -EUCLEAN);
	KUNIT_EXPECT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/cd/x", 0755),
			-EUCLEAN);
	((struct ext2_dir_entry_2 *)bh->b_data)->rec_len = 0;
	KUNIT_EXPECT_EQ(test, kern_path(MNT "/cd/unknown", &p), -EUCLEAN);
	((struct ext2_dir_entry_2 *)bh->b_data)->rec_len = saved;
	brelse(bh);
	KUNIT_EXPECT_EQ(test, kern_path(MNT "/cd/unknown", &p), -ENOENT);
	/* A block pointer past the end of the disk. */
	file = inode_of(test, MNT "/cd/f");
	drop_pagecache();
	mutex_lock(&EXT2_I(file)->truncate_mutex);
	blk = EXT2_I(file)->i_data[0];
	EXT2_I(file)->i_data[0] = EXT2_SB(sb)->s_blocks_count + 100;
	mutex_unlock(&EXT2_I(file)->truncate_mutex);
	KUNIT_EXPECT_EQ(test, read_at(MNT "/cd/f", &c, 1, 0), -EIO);
	mutex_lock(&EXT2_I(file)->truncate_mutex);
	EXT2_I(file)->i_data[0] = blk;
	mutex_unlock(&EXT2_I(file)->truncate_mutex);
	KUNIT_EXPECT_EQ(test, read_at(MNT "/cd/f", &c, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, c, 'a');
	iput(file);
	iput(dir);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT "/cd/f"), 0);
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/cd"), 0);
}

/* ---- concurrency: allocators, directory, caches from several CPUs ---- */

#define CONC_THREADS 4
#define CONC_FILES   24

static void
conc_name(char *buf, size_t len, int t, int i)
{
	snprintf(buf, len, MNT "/conc/t%d-file-%02d", t, i);
}

static u8
conc_byte(int t, int i, size_t off)
{
	return (u8)(t * 31 + i * 7 + off);
}

/* Write files of growing size, read each back; unlink every other. */
static int
conc_worker(void *arg)
{
	int t = (long)arg, bad = 0;
	u8 *buf = kmalloc(CONC_FILES * 1500, GFP_KERNEL);
	u8 *back = kmalloc(CONC_FILES * 1500, GFP_KERNEL);
	char name[64];

	if (!buf || !back)
		bad = 1;
	for (int i = 0; i < CONC_FILES && !bad; i++) {
		size_t n = (i + 1) * 1500;

		for (size_t o = 0; o < n; o++)
			buf[o] = conc_byte(t, i, o);
		conc_name(name, sizeof(name), t, i);
		bad |= write_at(name, buf, n, 0) != 0;
		bad |= read_at(name, back, n, 0) != (ssize_t)n;
		bad |= memcmp(buf, back, n) != 0;
		if (i & 1)
			bad |= do_unlinkat(AT_FDCWD, name) != 0;
	}
	kfree(back);
	kfree(buf);
	return bad;
}

static void
ext2_concurrent_writers(struct kunit *test)
{
	struct task_struct *th[CONC_THREADS];
	struct super_block *sb;
	u8 *back = kmalloc(CONC_FILES * 1500, GFP_KERNEL);
	char name[64];
	u32 free0;

	need_vda(test);
	KUNIT_ASSERT_NOT_NULL(test, back);
	sb = sb_of(test, MNT);
	free0 = free_blocks(sb);
	KUNIT_ASSERT_EQ(test, do_mkdirat(AT_FDCWD, MNT "/conc", 0755), 0);
	for (long t = 0; t < CONC_THREADS; t++) {
		th[t] = kthread_run(conc_worker, (void *)t, "ext2-conc");
		KUNIT_ASSERT_FALSE(test, IS_ERR(th[t]));
	}
	for (int t = 0; t < CONC_THREADS; t++)
		KUNIT_EXPECT_EQ(test, kthread_join(th[t]), 0);
	sync_all_filesystems();
	drop_pagecache(); /* check what reached the disk */
	for (int t = 0; t < CONC_THREADS; t++) {
		for (int i = 0; i < CONC_FILES; i += 2) {
			size_t n = (i + 1) * 1500, ok = 0;

			conc_name(name, sizeof(name), t, i);
			KUNIT_EXPECT_EQ(test, read_at(name, back, n, 0), n);
			for (size_t o = 0; o < n; o++)
				ok += back[o] == conc_byte(t, i, o);
			KUNIT_EXPECT_EQ(test, ok, n);
			KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, name), 0);
		}
	}
	KUNIT_EXPECT_EQ(test, do_rmdir(AT_FDCWD, MNT "/conc"), 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0);
	expect_counts_agree(test, sb);
	kfree(back);
}

/* ---- 1 KiB blocks: a 4 KiB folio spans four blocks ---- */

/*
 * write(2) past the end while the last page is dirty and only half
 * allocated: its other blocks become part of the file as a hole, not
 * as a violation, and the data reaches the disk.
 */
static void
extend_dirty_page_case(struct kunit *test)
{
	const char *f = MNT1K "/ext";
	unsigned long viol = global_vm_event(FS_INVARIANT_VIOLATIONS);
	struct inode *inode;
	u8 buf[8] = {};

	KUNIT_ASSERT_EQ(test, write_at(f, "0123456789", 10, 1500), 0);
	inode = inode_of(test, f);
	KUNIT_EXPECT_NE(test, ext2_bmap(inode, 1), 0);
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 2), 0); /* past EOF */
	KUNIT_ASSERT_EQ(test, write_at(f, "tail", 4, 10000), 0);
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 2), 0); /* a hole now */
	KUNIT_EXPECT_EQ(test, fsync_path(f), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(FS_INVARIANT_VIOLATIONS), viol);
	iput(inode);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, read_at(f, buf, 4, 1508), 4);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "89\0\0", 4), 0);
	KUNIT_EXPECT_EQ(test, read_at(f, buf, 4, 10000), 4);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "tail", 4), 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
}

/*
 * A page mapped writable while the file ended inside it: growing the
 * file write-protects it, so the next store calls ->page_mkwrite
 * again, which gives the new part of the page its blocks.
 */
static void
mmap_extend_case(struct kunit *test)
{
	const char *f = MNT1K "/mmext";
	unsigned long viol = global_vm_event(FS_INVARIANT_VIOLATIONS), mk0;
	struct file *file;
	struct inode *inode;
	u8 c = 0x42, r = 0;
	long a;

	KUNIT_ASSERT_EQ(test, write_at(f, "", 0, 0), 0);
	KUNIT_ASSERT_EQ(test, truncate_path(f, 1024), 0);
	file = filp_open(f, O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	inode = file->f_inode;
	a = vm_mmap(file, 0, P, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_ASSERT_GT(test, a, 0);
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)a, &c, 1), 0);
	KUNIT_EXPECT_NE(test, ext2_bmap(inode, 0), 0);
	KUNIT_EXPECT_EQ(test, ext2_bmap(inode, 1), 0); /* past EOF */
	KUNIT_EXPECT_EQ(test, truncate_path(f, P), 0);
	mk0 = global_vm_event(PGFAULT_MKWRITE);
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(a + 3000), &c, 1), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_MKWRITE) - mk0, 1);
	KUNIT_EXPECT_NE(test, ext2_bmap(inode, 2), 0); /* 3000: block 2 */
	KUNIT_EXPECT_EQ(test, vfs_fsync(file, 0), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(FS_INVARIANT_VIOLATIONS), viol);
	unmap(a, P);
	fput(file);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, read_at(f, &r, 1, 3000), 1);
	KUNIT_EXPECT_EQ(test, r, 0x42);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, f), 0);
}

static void
ext2_1k_blocks(struct kunit *test)
{
	struct super_block *sb;
	struct inode *big;
	u8 buf[16];
	u32 free0;

	mount_vdb(test);
	sb = sb_of(test, MNT1K);
	KUNIT_EXPECT_EQ(test, sb->s_blocksize, 1024);
	KUNIT_EXPECT_GT(test, EXT2_SB(sb)->s_groups_count, 1);
	check_testdata(test, MNT1K);
	big = inode_of(test, MNT1K "/testdata/big.bin");
	KUNIT_EXPECT_NE(test, ext2_bmap(big, 12 + 256 + 5), 0); /* double */
	iput(big);
	free0 = free_blocks(sb);
	/* Sparse: 1 MiB in is block 1024, under the double-indirect. */
	KUNIT_ASSERT_EQ(test, write_at(MNT1K "/sp", "1k!", 3, 1 << 20), 0);
	/* the data block, the double-indirect and one of its leaves */
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0 - 3);
	mkwrite_case(test, MNT1K "/mk", 4); /* all four blocks */
	extend_dirty_page_case(test);
	mmap_extend_case(test);
	KUNIT_EXPECT_EQ(test, fsync_path(MNT1K "/sp"), 0);
	expect_counts_agree(test, sb);
	KUNIT_EXPECT_EQ(test, do_umount(MNT1K, 0), 0); /* and back */
	vdb_mounted = false;
	KUNIT_ASSERT_EQ(test, do_mount("vdb", MNT1K, "ext2", 0), 0);
	vdb_mounted = true;
	sb = sb_of(test, MNT1K);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0 - 3);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, read_at(MNT1K "/sp", buf, sizeof(buf), 1 << 20),
			3);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "1k!", 3), 0);
	KUNIT_EXPECT_EQ(test, read_at(MNT1K "/sp", buf, 4, 4096), 4);
	KUNIT_EXPECT_EQ(test, buf[0] | buf[1] | buf[2] | buf[3], 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, MNT1K "/sp"), 0);
	KUNIT_EXPECT_EQ(test, free_blocks(sb), free0);
	expect_counts_agree(test, sb);
}

static struct kunit_case ext2_cases[] = {
	KUNIT_CASE(ext2_super_validation),
	KUNIT_CASE(ext2_descriptor_validation),
	KUNIT_CASE(ext2_corrupt_disk_refused),
	KUNIT_CASE(ext2_read_image_files),
	KUNIT_CASE(ext2_create_write_read_unlink),
	KUNIT_CASE(ext2_directories),
	KUNIT_CASE(ext2_directory_blocks),
	KUNIT_CASE(ext2_truncate_shrink_grow),
	KUNIT_CASE(ext2_sparse_file),
	KUNIT_CASE(ext2_mkwrite_allocates_hole),
	KUNIT_CASE(ext2_writepage_without_blocks),
	KUNIT_CASE(ext2_corrupt_dirent_and_pointer),
	KUNIT_CASE_SLOW(ext2_concurrent_writers, 120),
	KUNIT_CASE_SLOW(ext2_enospc, 240),
	KUNIT_CASE_SLOW(ext2_1k_blocks, 120),
	{}
};

static struct kunit_suite ext2_suite = {
	.name = "ext2",
	.init = e2_init,
	.exit = e2_exit,
	.test_cases = ext2_cases,
};
kunit_test_suite(ext2_suite);

/*
 * ext2 superblocks: the "ext2" filesystem type, mount and unmount,
 * statfs and sync.
 *
 * do_mount(dev, dir, "ext2") names a block device ("vda", "/dev/vda",
 * "ram0"). The superblock is read and checked (validate.c) before
 * anything else is trusted, then the group descriptor table, then the
 * root inode; any failure refuses the mount with a KERN_ERR line and
 * an error, and leaves the disk untouched. A device that is already
 * mounted gives the same superblock again (s_active counts mounts, as
 * Linux's sget does), so two mounts never cache one disk twice.
 *
 * The superblock and group descriptor blocks stay pinned in the buffer
 * cache for the life of the mount; the allocators update their free
 * counts in place (under s_alloc_lock) and mark them dirty. A mounted
 * filesystem is marked not clean on disk (EXT2_VALID_FS cleared) until
 * it is unmounted, as Linux does.
 *
 * Each mount has its own backing_dev_info with BDI_CAP_WRITEBACK: this
 * is what makes its files' shared mappings dirty-tracked
 * (mapping_can_writeback, vma_needs_dirty_tracking) and what makes a
 * long-term write pin of them refused.
 *
 * Locking: ext2_mount_mutex guards the list of mounted ext2s and each
 * s_active; it is held across a whole mount so the same device is
 * never set up twice concurrently.
 */
#include "ext2.h"
#include <init.h>
#include <slab.h>
#include <time.h>
#include <uapi/statfs.h>
#include <writeback.h>

static DEFINE_MUTEX(ext2_mount_mutex);
static LIST_HEAD(ext2_mounted);
static const struct super_operations ext2_sops;

struct ext2_group_desc *
ext2_get_group_desc(struct super_block *sb, u32 g, struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;

	if (WARN_ON(g >= sbi->s_groups_count))
		return NULL;
	bh = sbi->s_group_desc[g / sbi->s_desc_per_block];
	if (bhp)
		*bhp = bh;
	return (struct ext2_group_desc *)bh->b_data + g % sbi->s_desc_per_block;
}

/* The superblock buffer changed (s_alloc_lock held). */
void
ext2_sb_dirty(struct super_block *sb)
{
	mark_buffer_dirty(EXT2_SB(sb)->s_sbh);
}

static struct block_device *
ext2_get_bdev(const char *name)
{
	if (!name)
		return ERR_PTR(-EINVAL);
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	return blkdev_get_by_name(name);
}

/* Read @bdev's superblock and check it into @sbi's geometry. */
static int
ext2_probe(struct block_device *bdev, struct ext2_sb_info *sbi)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	int err;

	if (!es)
		return -ENOMEM;
	err = bdev_read(bdev, 1024 >> SECTOR_SHIFT, es, sizeof(*es));
	if (err)
		pr_err("ext2: %s: cannot read the superblock: %d\n",
		       bdev->bd_name, err);
	else
		err = ext2_validate_super(
		    es, (u64)bdev_nr_sectors(bdev) << SECTOR_SHIFT, sbi);
	kfree(es);
	return err;
}

/* The superblock sits at byte 1024: block 1 with 1 KiB blocks, else 0. */
static int
ext2_load_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh = sb_bread(sb, sbi->s_first_data_block);

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	sbi->s_sbh = bh;
	sbi->s_es =
	    (struct ext2_super_block *)(bh->b_data +
					(1024 & (sbi->s_blocksize - 1)));
	return 0;
}

static int
ext2_load_descriptors(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 dpb = sbi->s_desc_per_block;

	sbi->s_group_desc =
	    kcalloc(sbi->s_gdb_count, sizeof(void *), GFP_KERNEL);
	if (!sbi->s_group_desc)
		return -ENOMEM;
	for (u32 i = 0; i < sbi->s_gdb_count; i++) {
		struct buffer_head *bh;
		u32 count = min(dpb, sbi->s_groups_count - i * dpb);
		int err;

		bh = sb_bread(sb, sbi->s_first_data_block + 1 + i);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		sbi->s_group_desc[i] = bh;
		err = ext2_check_descriptors(
		    sbi, (struct ext2_group_desc *)bh->b_data, i * dpb, count);
		if (err)
			return err;
	}
	return 0;
}

/* Mark the filesystem in use on disk and write that out. */
static void
ext2_setup_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;

	mutex_lock(&sbi->s_alloc_lock);
	sbi->s_mount_state = es->s_state;
	es->s_state &= ~EXT2_VALID_FS;
	es->s_mnt_count++;
	es->s_mtime = es->s_wtime = current_time_sec();
	ext2_sb_dirty(sb);
	mutex_unlock(&sbi->s_alloc_lock);
	ext2_sync_buffers(sb);
}

static struct inode *
ext2_get_root(struct super_block *sb)
{
	struct inode *root = ext2_iget(sb, EXT2_ROOT_INO);

	if (IS_ERR(root))
		return root;
	if (!S_ISDIR(root->i_mode) || root->i_nlink == 0) {
		pr_err("ext2: %s: root inode is not a directory (mode 0%o)\n",
		       EXT2_SB(sb)->s_bdev->bd_name, root->i_mode);
		EXT2_I(root)->i_bad = true; /* write nothing back */
		iput(root);
		return ERR_PTR(-EUCLEAN);
	}
	return root;
}

static int
ext2_fill_super(struct super_block *sb, struct ext2_sb_info *sbi)
{
	struct inode *root;
	int err;

	sb->s_fs_info = sbi;
	sbi->s_sb = sb;
	sb->s_magic = EXT2_SUPER_MAGIC;
	sb->s_blocksize = sbi->s_blocksize;
	sb->s_bdev = sbi->s_bdev;
	sbi->s_bdi.name = sbi->s_bdev->bd_name;
	sbi->s_bdi.capabilities = BDI_CAP_WRITEBACK;
	sb->s_bdi = &sbi->s_bdi;
	ext2_bcache_init(sb);
	err = ext2_load_super(sb);
	if (!err)
		err = ext2_load_descriptors(sb);
	if (err)
		return err;
	sb->s_op = &ext2_sops;
	root = ext2_get_root(sb);
	if (IS_ERR(root))
		return PTR_ERR(root);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

/* Drop the pinned buffers and the cache; nothing is written. */
static void
ext2_release(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	for (u32 i = 0; sbi->s_group_desc && i < sbi->s_gdb_count; i++)
		brelse(sbi->s_group_desc[i]);
	brelse(sbi->s_sbh);
	ext2_bcache_destroy(sb);
	kfree(sbi->s_group_desc);
	kfree(sbi);
	sb->s_fs_info = NULL;
}

static struct ext2_sb_info *
ext2_sbi_alloc(struct block_device *bdev)
{
	struct ext2_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);

	if (!sbi)
		return NULL;
	sbi->s_bdev = bdev;
	mutex_init(&sbi->s_alloc_lock, "ext2_alloc");
	spin_lock_init(&sbi->s_itable_lock, "ext2_itable");
	spin_lock_init(&sbi->s_icache_lock, "ext2_icache");
	INIT_LIST_HEAD(&sbi->s_icache);
	INIT_LIST_HEAD(&sbi->s_mounted);
	mutex_init(&sbi->s_iget_mutex, "ext2_iget");
	return sbi;
}

static void
ext2_mount_message(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	pr_info("ext2: mounted %s: %u-byte blocks, %u blocks (%u free), "
		"%u inodes (%u free), %u groups\n",
		sbi->s_bdev->bd_name, sbi->s_blocksize, sbi->s_blocks_count,
		sbi->s_es->s_free_blocks_count, sbi->s_inodes_count,
		sbi->s_es->s_free_inodes_count, sbi->s_groups_count);
}

/* ext2_mount_mutex held. */
static struct dentry *
ext2_mount_new(struct file_system_type *type, struct block_device *bdev)
{
	struct ext2_sb_info *sbi = ext2_sbi_alloc(bdev);
	struct super_block *sb;
	int err;

	if (!sbi)
		return ERR_PTR(-ENOMEM);
	err = ext2_probe(bdev, sbi);
	if (!err && bdev->bd_read_only) {
		pr_err("ext2: %s is read-only; pinos mounts ext2 read-write\n",
		       bdev->bd_name);
		err = -EROFS;
	}
	sb = err ? NULL : alloc_super(type);
	if (!err && !sb)
		err = -ENOMEM;
	if (err) {
		kfree(sbi);
		return ERR_PTR(err);
	}
	err = ext2_fill_super(sb, sbi);
	if (err) {
		ext2_release(sb);
		sb->s_op = NULL;
		generic_shutdown_super(sb);
		return ERR_PTR(err);
	}
	ext2_setup_super(sb);
	sbi->s_active = 1;
	list_add(&sbi->s_mounted, &ext2_mounted);
	ext2_mount_message(sb);
	return dget(sb->s_root);
}

static struct dentry *
ext2_mount(struct file_system_type *type, int flags, const char *dev,
	   void *data)
{
	struct block_device *bdev = ext2_get_bdev(dev);
	struct ext2_sb_info *sbi;
	struct dentry *root = NULL;

	if (IS_ERR(bdev)) {
		pr_err("ext2: no block device \"%s\"\n", dev ? dev : "");
		return ERR_PTR(PTR_ERR(bdev));
	}
	mutex_lock(&ext2_mount_mutex);
	list_for_each_entry (sbi, &ext2_mounted, s_mounted) {
		if (sbi->s_bdev == bdev) {
			sbi->s_active++;
			root = dget(sbi->s_sb->s_root);
			break;
		}
	}
	if (!root)
		root = ext2_mount_new(type, bdev);
	mutex_unlock(&ext2_mount_mutex);
	return root;
}

/* The last mount is gone: write everything, then tear down. */
static void
ext2_kill_sb(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	mutex_lock(&ext2_mount_mutex);
	if (--sbi->s_active > 0) {
		mutex_unlock(&ext2_mount_mutex);
		return;
	}
	list_del(&sbi->s_mounted);
	mutex_unlock(&ext2_mount_mutex);
	ext2_sync_inodes(sb, true);
	generic_shutdown_super(sb); /* evicts inodes, ->put_super */
}

static void
ext2_put_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;

	mutex_lock(&sbi->s_alloc_lock);
	es->s_state = sbi->s_mount_state;
	es->s_wtime = current_time_sec();
	ext2_sb_dirty(sb);
	mutex_unlock(&sbi->s_alloc_lock);
	if (ext2_sync_buffers(sb))
		pr_err("ext2: %s: metadata not fully written at unmount\n",
		       sbi->s_bdev->bd_name);
	if (sbi->s_bdev->bd_has_flush)
		blkdev_issue_flush(sbi->s_bdev);
	pr_info("ext2: unmounted %s\n", sbi->s_bdev->bd_name);
	ext2_release(sb);
}

/* Blocks that hold metadata: superblock copies, descriptors, tables. */
static u32
ext2_overhead(const struct ext2_sb_info *sbi)
{
	u32 blocks = sbi->s_first_data_block;

	for (u32 g = 0; g < sbi->s_groups_count; g++) {
		if (ext2_group_has_super(sbi, g))
			blocks += 1 + sbi->s_gdb_count;
		blocks += 2 + sbi->s_itb_per_group;
	}
	return blocks;
}

static int
ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;
	long bfree = READ_ONCE(es->s_free_blocks_count);
	long reserved = es->s_r_blocks_count;

	st->f_type = EXT2_SUPER_MAGIC;
	st->f_bsize = st->f_frsize = sbi->s_blocksize;
	st->f_blocks = sbi->s_blocks_count - ext2_overhead(sbi);
	st->f_bfree = bfree;
	st->f_bavail = bfree > reserved ? bfree - reserved : 0;
	st->f_files = sbi->s_inodes_count;
	st->f_ffree = READ_ONCE(es->s_free_inodes_count);
	st->f_namelen = EXT2_NAME_LEN;
	return 0;
}

/*
 * sync(2), unmount: every inode's data (if @wait) and on-disk inode,
 * the superblock, then every dirty metadata buffer, then the device's
 * write cache.
 */
int
ext2_sync_fs(struct super_block *sb, int wait)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	int err = ext2_sync_inodes(sb, wait), err2;

	mutex_lock(&sbi->s_alloc_lock);
	sbi->s_es->s_wtime = current_time_sec();
	ext2_sb_dirty(sb);
	mutex_unlock(&sbi->s_alloc_lock);
	err2 = ext2_sync_buffers(sb);
	if (wait && sbi->s_bdev->bd_has_flush)
		blkdev_issue_flush(sbi->s_bdev);
	return err ? err : err2;
}

static const struct super_operations ext2_sops = {
	.alloc_inode = ext2_alloc_inode,
	.destroy_inode = ext2_destroy_inode,
	.write_inode = ext2_write_inode,
	.evict_inode = ext2_evict_inode,
	.put_super = ext2_put_super,
	.statfs = ext2_statfs,
	.sync_fs = ext2_sync_fs,
};

struct file_system_type ext2_fs_type = {
	.name = "ext2",
	.mount = ext2_mount,
	.kill_sb = ext2_kill_sb,
};

static int
init_ext2_fs(void)
{
	return register_filesystem(&ext2_fs_type);
}
fs_initcall(init_ext2_fs);

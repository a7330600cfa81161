/*
 * ext2 inodes: reading them from the inode table, writing them back,
 * the in-memory inode cache, and eviction.
 *
 * ext2_iget(sb, ino) returns the one in-memory inode of @ino, with a
 * reference, reading it from disk the first time; a file reached by
 * two names (hard links) therefore has one inode and one page cache.
 * The on-disk inode is checked first: a number out of range, a deleted
 * inode, an impossible mode or size refuses with -EUCLEAN and a
 * KERN_ERR line. Block pointers are checked when they are used
 * (bmap.c), where an indirect block's pointers are checked too.
 *
 * Writing: ext2_update_inode() copies the in-memory fields into the
 * inode-table buffer (which is then dirty); ext2_mark_inode_dirty()
 * does that and tells the flusher (I_DIRTY_SYNC); ->write_inode, which
 * fsync and the flusher call, updates and writes all dirty metadata
 * buffers, so the inode and the blocks it points to reach the disk
 * together.
 *
 * Eviction (the last iput): an inode still linked has its dirty data
 * written and its page cache dropped; an unlinked one loses its page
 * cache, its blocks and finally its inode-table slot (dtime set, bit
 * freed in the inode bitmap, only after it left the inode cache so a
 * reused number never meets the old inode).
 *
 * Locking: s_iget_mutex makes "look up, else read and insert" atomic
 * per filesystem; s_icache_lock guards the cache list; s_itable_lock
 * guards copies in and out of inode-table buffers (one block holds
 * several inodes).
 */
#include "ext2.h"
#include <sched.h>
#include <slab.h>
#include <writeback.h>

struct inode *
ext2_alloc_inode(struct super_block *sb)
{
	struct ext2_inode_info *ei = kzalloc(sizeof(*ei), GFP_KERNEL);

	if (!ei)
		return NULL;
	mutex_init(&ei->truncate_mutex, "ext2_truncate");
	INIT_LIST_HEAD(&ei->i_hash);
	return &ei->vfs_inode;
}

void
ext2_destroy_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	kfree(ei->i_link);
	kfree(ei);
}

bool
ext2_ino_valid(const struct ext2_sb_info *sbi, unsigned long ino)
{
	return ino == EXT2_ROOT_INO ||
	       (ino >= sbi->s_first_ino && ino <= sbi->s_inodes_count);
}

/* The on-disk inode inside its (referenced) inode-table buffer. */
static struct ext2_inode *
ext2_raw_inode(struct super_block *sb, unsigned long ino,
	       struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g = (ino - 1) / sbi->s_inodes_per_group;
	u64 off =
	    (u64)((ino - 1) % sbi->s_inodes_per_group) * sbi->s_inode_size;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh;

	bh = sb_bread(sb, gd->bg_inode_table + (off >> sbi->s_blocksize_bits));
	if (IS_ERR(bh))
		return ERR_PTR(PTR_ERR(bh));
	*bhp = bh;
	return (struct ext2_inode *)(bh->b_data +
				     (off & (sbi->s_blocksize - 1)));
}

static dev_t
ext2_decode_dev(const u32 *blocks)
{
	u32 old = blocks[0], new = blocks[1];

	if (old)
		return MKDEV((old >> 8) & 0xff, old & 0xff);
	return MKDEV((new & 0xfff00) >> 8,
		     (new & 0xff) | ((new >> 12) & 0xfff00));
}

static void
ext2_encode_dev(u32 *blocks, dev_t dev)
{
	unsigned int ma = MAJOR(dev), mi = MINOR(dev);

	if (ma < 256 && mi < 256) {
		blocks[0] = ma << 8 | mi;
		blocks[1] = 0;
	} else {
		blocks[0] = 0;
		blocks[1] = (mi & 0xff) | (ma << 8) | ((mi & ~0xffU) << 12);
	}
}

/* A fast symlink keeps its target in i_block; a slow one in a block. */
static bool
ext2_fast_symlink(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned long ea = ei->i_file_acl ? inode->i_sb->s_blocksize >> 9 : 0;

	return S_ISLNK(inode->i_mode) && inode->i_blocks - ea == 0;
}

/* Does i_block hold block pointers (not a target or a device)? */
static bool
ext2_has_block_map(struct inode *inode)
{
	return S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ||
	       (S_ISLNK(inode->i_mode) && !ext2_fast_symlink(inode));
}

static int
ext2_load_link(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct super_block *sb = inode->i_sb;
	loff_t len = inode->i_size;
	struct buffer_head *bh = NULL;
	const char *src = (const char *)ei->i_data;
	u32 blk = ei->i_data[0];

	if (!ext2_fast_symlink(inode)) {
		if (len >= sb->s_blocksize || !ext2_block_valid(sb, blk))
			goto bad;
		bh = sb_bread(sb, blk);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		src = bh->b_data;
	} else if (len >= (loff_t)sizeof(ei->i_data)) {
		goto bad;
	}
	ei->i_link = kmalloc(len + 1, GFP_KERNEL);
	if (ei->i_link) {
		memcpy(ei->i_link, src, len);
		ei->i_link[len] = '\0';
	}
	brelse(bh);
	return ei->i_link ? 0 : -ENOMEM;
bad:
	pr_err("ext2: %s: symlink inode %lu: bad size %ld or block %u\n",
	       EXT2_SB(sb)->s_bdev->bd_name, inode->i_ino, len, blk);
	return -EUCLEAN;
}

/* Operations by file type; every inode gets ext2_aops (see aops.c). */
void
ext2_set_inode_ops(struct inode *inode)
{
	inode->i_mapping->a_ops = &ext2_aops;
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ext2_file_inode_operations;
		inode->i_fop = &ext2_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ext2_dir_inode_operations;
		inode->i_fop = &ext2_dir_operations;
		break;
	case S_IFLNK:
		inode->i_op = &ext2_symlink_inode_operations;
		break;
	default:
		init_special_inode(inode, inode->i_mode, inode->i_rdev);
	}
}

static bool
ext2_mode_valid(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return true;
	}
	return false;
}

static void
ext2_inode_from_disk(struct inode *inode, const struct ext2_inode *raw)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);

	inode->i_mode = raw->i_mode;
	inode->i_uid = raw->i_uid | (u32)raw->l_i_uid_high << 16;
	inode->i_gid = raw->i_gid | (u32)raw->l_i_gid_high << 16;
	inode->i_nlink = raw->i_links_count;
	inode->i_size = raw->i_size;
	if (S_ISREG(raw->i_mode))
		inode->i_size |= (loff_t)raw->i_size_high << 32;
	inode->i_atime = raw->i_atime;
	inode->i_ctime = raw->i_ctime;
	inode->i_mtime = raw->i_mtime;
	inode->i_blocks = raw->i_blocks;
	memcpy(ei->i_data, raw->i_block, sizeof(ei->i_data));
	ei->i_flags = raw->i_flags;
	ei->i_dtime = raw->i_dtime;
	ei->i_file_acl = raw->i_file_acl;
	ei->i_generation = raw->i_generation;
	ei->i_block_group = (inode->i_ino - 1) / sbi->s_inodes_per_group;
	if (S_ISCHR(raw->i_mode) || S_ISBLK(raw->i_mode))
		inode->i_rdev = ext2_decode_dev(ei->i_data);
}

static int
ext2_inode_check(struct inode *inode, const struct ext2_inode *raw)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	const char *why = NULL;

	if (raw->i_links_count == 0 && (raw->i_mode == 0 || raw->i_dtime))
		why = "is deleted";
	else if (!ext2_mode_valid(raw->i_mode))
		why = "has an impossible file type";
	else if (S_ISREG(raw->i_mode) && inode->i_size > sbi->s_maxbytes)
		why = "is larger than the filesystem allows";
	else if (S_ISDIR(raw->i_mode) && (raw->i_size & (sbi->s_blocksize - 1)))
		why = "is a directory whose size is not whole blocks";
	if (!why)
		return 0;
	pr_err("ext2: %s: inode %lu %s (mode 0%o, links %u, size %ld)\n",
	       sbi->s_bdev->bd_name, inode->i_ino, why, raw->i_mode,
	       raw->i_links_count, inode->i_size);
	return -EUCLEAN;
}

static int
ext2_read_inode(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct ext2_inode raw;
	struct buffer_head *bh;
	struct ext2_inode *p = ext2_raw_inode(inode->i_sb, inode->i_ino, &bh);
	int err;

	if (IS_ERR(p))
		return PTR_ERR(p);
	spin_lock(&sbi->s_itable_lock);
	raw = *p;
	spin_unlock(&sbi->s_itable_lock);
	brelse(bh);
	ext2_inode_from_disk(inode, &raw);
	err = ext2_inode_check(inode, &raw);
	if (err)
		return err;
	ext2_set_inode_ops(inode);
	if (S_ISLNK(inode->i_mode))
		return ext2_load_link(inode);
	return 0;
}

void
ext2_icache_insert(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);

	spin_lock(&sbi->s_icache_lock);
	list_add(&EXT2_I(inode)->i_hash, &sbi->s_icache);
	spin_unlock(&sbi->s_icache_lock);
}

/* The cached inode @ino, referenced; *busy if it is being evicted. */
static struct inode *
ext2_icache_find(struct ext2_sb_info *sbi, unsigned long ino, bool *busy)
{
	struct ext2_inode_info *ei;
	struct inode *found = NULL;

	*busy = false;
	spin_lock(&sbi->s_icache_lock);
	list_for_each_entry (ei, &sbi->s_icache, i_hash) {
		if (ei->vfs_inode.i_ino != ino)
			continue;
		if (ei->i_freeing || !igrab(&ei->vfs_inode))
			*busy = true;
		else
			found = &ei->vfs_inode;
		break;
	}
	spin_unlock(&sbi->s_icache_lock);
	return found;
}

static struct inode *
ext2_iget_new(struct super_block *sb, unsigned long ino)
{
	struct inode *inode = new_inode(sb);
	int err;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = ino;
	err = ext2_read_inode(inode);
	if (err) {
		EXT2_I(inode)->i_bad = true;
		iput(inode);
		return ERR_PTR(err);
	}
	ext2_icache_insert(inode);
	return inode;
}

struct inode *
ext2_iget(struct super_block *sb, unsigned long ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct inode *inode;
	bool busy;

	if (!ext2_ino_valid(sbi, ino)) {
		pr_err("ext2: %s: inode number %lu out of range\n",
		       sbi->s_bdev->bd_name, ino);
		return ERR_PTR(-EUCLEAN);
	}
	for (;;) {
		mutex_lock(&sbi->s_iget_mutex);
		inode = ext2_icache_find(sbi, ino, &busy);
		if (inode || !busy)
			break;
		mutex_unlock(&sbi->s_iget_mutex);
		msleep(1); /* the old one is on its way out */
	}
	if (!inode)
		inode = ext2_iget_new(sb, ino);
	mutex_unlock(&sbi->s_iget_mutex);
	return inode;
}

static void
ext2_inode_to_disk(struct inode *inode, struct ext2_inode *raw)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	loff_t size = i_size_read(inode);
	u32 blocks[EXT2_N_BLOCKS];

	raw->i_mode = inode->i_mode;
	raw->i_uid = inode->i_uid & 0xffff;
	raw->l_i_uid_high = inode->i_uid >> 16;
	raw->i_gid = inode->i_gid & 0xffff;
	raw->l_i_gid_high = inode->i_gid >> 16;
	raw->i_links_count = inode->i_nlink;
	raw->i_size = (u32)size;
	if (S_ISREG(inode->i_mode))
		raw->i_size_high = (u64)size >> 32;
	raw->i_atime = inode->i_atime;
	raw->i_ctime = inode->i_ctime;
	raw->i_mtime = inode->i_mtime;
	raw->i_dtime = ei->i_dtime;
	raw->i_blocks = inode->i_blocks;
	raw->i_flags = ei->i_flags;
	raw->i_generation = ei->i_generation;
	memcpy(blocks, ei->i_data, sizeof(blocks));
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		ext2_encode_dev(blocks, inode->i_rdev);
	memcpy(raw->i_block, blocks, sizeof(raw->i_block));
}

/* A file over 2 GiB needs the large_file feature on disk. */
static void
ext2_need_large_file(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (sbi->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)
		return;
	mutex_lock(&sbi->s_alloc_lock);
	sbi->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	sbi->s_es->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	ext2_sb_dirty(sb);
	mutex_unlock(&sbi->s_alloc_lock);
}

/* Copy the inode into its inode-table buffer (now dirty). */
void
ext2_update_inode(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct buffer_head *bh;
	struct ext2_inode *raw;

	if (EXT2_I(inode)->i_bad)
		return;
	if (i_size_read(inode) > 0x7fffffffL)
		ext2_need_large_file(inode->i_sb);
	raw = ext2_raw_inode(inode->i_sb, inode->i_ino, &bh);
	if (IS_ERR(raw)) {
		pr_err("ext2: %s: inode %lu not written: error %ld\n",
		       sbi->s_bdev->bd_name, inode->i_ino, PTR_ERR(raw));
		return;
	}
	spin_lock(&sbi->s_itable_lock);
	ext2_inode_to_disk(inode, raw);
	spin_unlock(&sbi->s_itable_lock);
	mark_buffer_dirty(bh);
	brelse(bh);
}

void
ext2_mark_inode_dirty(struct inode *inode)
{
	ext2_update_inode(inode);
	mark_inode_dirty(inode);
}

/* fsync and the flusher: the inode and all dirty metadata to disk. */
int
ext2_write_inode(struct inode *inode, int sync)
{
	ext2_update_inode(inode);
	return ext2_sync_buffers(inode->i_sb);
}

/* Last link gone: give back the blocks and the inode itself. */
static void
ext2_delete_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	truncate_inode_pages(&inode->i_data, 0);
	if (ext2_has_block_map(inode)) {
		i_size_write(inode, 0);
		mutex_lock(&ei->truncate_mutex);
		ext2_truncate_blocks(inode, 0);
		mutex_unlock(&ei->truncate_mutex);
	}
	ei->i_dtime = current_time_sec();
	ext2_update_inode(inode);
}

void
ext2_evict_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	bool delete = inode->i_nlink == 0 && !ei->i_bad;

	spin_lock(&sbi->s_icache_lock);
	ei->i_freeing = true;
	spin_unlock(&sbi->s_icache_lock);
	if (delete) {
		ext2_delete_inode(inode);
	} else {
		if (!ei->i_bad && inode->i_data.nrpages)
			filemap_write_and_wait_range(&inode->i_data, 0,
						     MAX_LFS_FILESIZE);
		truncate_inode_pages(&inode->i_data, 0);
		ext2_update_inode(inode);
	}
	spin_lock(&sbi->s_icache_lock);
	list_del_init(&ei->i_hash);
	spin_unlock(&sbi->s_icache_lock);
	if (delete)
		ext2_free_inode(inode);
}

/* Referenced inodes of @sb, up to @max; the count. */
static unsigned int
ext2_grab_inodes(struct ext2_sb_info *sbi, struct inode **v, unsigned int max)
{
	struct ext2_inode_info *ei;
	unsigned int n = 0;

	spin_lock(&sbi->s_icache_lock);
	list_for_each_entry (ei, &sbi->s_icache, i_hash) {
		if (n == max)
			break;
		if (!ei->i_freeing && igrab(&ei->vfs_inode))
			v[n++] = &ei->vfs_inode;
	}
	spin_unlock(&sbi->s_icache_lock);
	return n;
}

static unsigned int
ext2_icache_count(struct ext2_sb_info *sbi)
{
	struct ext2_inode_info *ei;
	unsigned int n = 0;

	spin_lock(&sbi->s_icache_lock);
	list_for_each_entry (ei, &sbi->s_icache, i_hash)
		n++;
	spin_unlock(&sbi->s_icache_lock);
	return n;
}

/*
 * Write every cached inode's data (if @wait; errors stay in the
 * mapping for fsync to report) and copy it into its table buffer.
 */
int
ext2_sync_inodes(struct super_block *sb, bool wait)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int max = ext2_icache_count(sbi) + 16, n;
	struct inode **v = kcalloc(max, sizeof(*v), GFP_KERNEL);

	if (!v)
		return -ENOMEM;
	n = ext2_grab_inodes(sbi, v, max);
	for (unsigned int i = 0; i < n; i++) {
		struct address_space *m = v[i]->i_mapping;

		if (wait && READ_ONCE(m->nr_dirty)) {
			filemap_fdatawrite_range(m, 0, MAX_LFS_FILESIZE,
						 WB_SYNC_ALL);
			filemap_fdatawait_range(m, 0, MAX_LFS_FILESIZE);
		}
		ext2_update_inode(v[i]);
		iput(v[i]);
	}
	kfree(v);
	return 0;
}

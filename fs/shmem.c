/*
 * tmpfs / shmem: a filesystem whose files exist only in the page cache.
 *
 * Directories are the dcache itself (simple_lookup, dcache_readdir);
 * a symlink keeps its target in i_private; file data is the inode's
 * page cache and nothing else: a page that
 * was never written reads as zeroes (shmem_read_folio), a written one
 * stays until truncation or eviction. Folios are marked swapbacked and
 * counted in NR_SHMEM and i_blocks (mm/filemap.c).
 *
 * The point for pinos: tmpfs has no backing store to write back to, so
 * its mappings use noop_backing_dev_info (no BDI_CAP_WRITEBACK), its
 * dirty_folio is noop_dirty_folio (no dirty accounting) and its VMAs
 * get shmem_vm_ops, which has no page_mkwrite. A shared writable tmpfs
 * mapping therefore needs no dirty tracking, and a FOLL_LONGTERM write
 * pin on it is allowed, unlike one on ext2.
 *
 * Internal users: shm_mnt is a private tmpfs mount holding unlinked
 * files: shmem_file_setup() (memfd_create, MAP_SHARED|MAP_ANONYMOUS via
 * shmem_zero_setup). devfs is a tmpfs with another magic number
 * (shmem_fill_super).
 *
 * Locking: the VFS holds the directory's i_rwsem (and the victim's for
 * unlink/rmdir) around every inode operation here; i_nlink, i_size of
 * directories and times are changed only under it.
 */
#include "internal.h"
#include <gfp.h>
#include <mman.h>
#include <slab.h>
#include <vmstat.h>

#define BOGO_DIRENT_SIZE 20

static const struct address_space_operations shmem_aops;
static const struct inode_operations shmem_dir_iops, shmem_file_iops,
	shmem_symlink_iops;
static const struct file_operations shmem_file_fops, shmem_dir_fops;
static const struct super_operations shmem_sops;
static const struct vm_operations_struct shmem_vm_ops;
static struct vfsmount *shm_mnt;

bool
shmem_mapping(const struct address_space *m)
{
	return m && m->a_ops == &shmem_aops;
}

/* A hole: the data is zeroes. */
static int
shmem_read_folio(struct file *file, struct folio *f)
{
	memset(folio_address(f), 0, PAGE_SIZE);
	folio_set_uptodate(f);
	folio_unlock(f);
	return 0;
}

static struct inode *
shmem_get_inode(struct super_block *sb, mode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = get_next_ino();
	inode->i_mode = mode;
	inode->i_mapping->a_ops = &shmem_aops;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &shmem_file_iops;
		inode->i_fop = &shmem_file_fops;
		break;
	case S_IFDIR:
		inode->i_op = &shmem_dir_iops;
		inode->i_fop = &shmem_dir_fops;
		inode->i_nlink = 2;
		break;
	default:
		init_special_inode(inode, mode, dev);
	}
	return inode;
}

static void
dir_touch(struct inode *dir, long dsize)
{
	dir->i_size += dsize;
	dir->i_mtime = dir->i_ctime = current_time_sec();
}

int
shmem_mknod(struct inode *dir, struct dentry *d, mode_t mode, dev_t dev)
{
	struct inode *inode = shmem_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	dir_touch(dir, BOGO_DIRENT_SIZE);
	return 0;
}

static int
shmem_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return shmem_mknod(dir, d, (mode & 07777) | S_IFREG, 0);
}

static int
shmem_mkdir(struct inode *dir, struct dentry *d, mode_t mode)
{
	int err = shmem_mknod(dir, d, (mode & 07777) | S_IFDIR, 0);

	if (!err)
		inc_nlink(dir);		/* the child's ".." */
	return err;
}

/* The target lives in i_private (freed at eviction); i_size its length. */
static int
shmem_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t len = strnlen(target, PATH_MAX);
	struct inode *inode;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	inode = shmem_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOMEM;
	inode->i_private = kstrdup(target, GFP_KERNEL);
	if (!inode->i_private) {
		iput(inode);
		return -ENOMEM;
	}
	inode->i_op = &shmem_symlink_iops;
	inode->i_size = len;
	d_instantiate(d, inode);
	dir_touch(dir, BOGO_DIRENT_SIZE);
	return 0;
}

static const char *
shmem_get_link(struct inode *inode)
{
	return inode->i_private;
}

static void
shmem_evict_inode(struct inode *inode)
{
	truncate_inode_pages(&inode->i_data, 0);
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
}

static int
shmem_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inc_nlink(inode);
	inode->i_ctime = current_time_sec();
	d_instantiate(d, igrab(inode));
	dir_touch(dir, BOGO_DIRENT_SIZE);
	return 0;
}

static int
shmem_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	drop_nlink(inode);
	inode->i_ctime = current_time_sec();
	dir_touch(dir, -BOGO_DIRENT_SIZE);
	return 0;
}

static int
shmem_rmdir(struct inode *dir, struct dentry *d)
{
	if (!simple_empty(d))
		return -ENOTEMPTY;
	drop_nlink(d->d_inode);		/* its "." */
	shmem_unlink(dir, d);
	drop_nlink(dir);		/* its ".." */
	return 0;
}

static int
shmem_rename(struct inode *odir, struct dentry *od, struct inode *ndir,
	     struct dentry *nd)
{
	bool dirs = S_ISDIR(od->d_inode->i_mode);

	if (nd->d_inode && !simple_empty(nd))
		return -ENOTEMPTY;
	if (nd->d_inode) {
		shmem_unlink(ndir, nd);
		if (dirs) {
			drop_nlink(nd->d_inode);
			drop_nlink(odir);
		}
	} else if (dirs) {
		drop_nlink(odir);
		inc_nlink(ndir);
	}
	dir_touch(odir, -BOGO_DIRENT_SIZE);
	dir_touch(ndir, BOGO_DIRENT_SIZE);
	od->d_inode->i_ctime = current_time_sec();
	return 0;
}

/* truncate/ftruncate; i_rwsem held. */
static int
shmem_setsize(struct inode *inode, loff_t size)
{
	loff_t old = i_size_read(inode);

	i_size_write(inode, size);
	if (size < old)
		truncate_inode_pages(inode->i_mapping, size);
	return 0;
}

static unsigned long
count_inodes(struct super_block *sb)
{
	struct inode *inode;
	unsigned long n = 0;

	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		n++;
	spin_unlock(&sb->s_inode_list_lock);
	return n;
}

/* Like Linux's default: a size limit of half of RAM, shared by all. */
static int
shmem_statfs(struct super_block *sb, struct kstatfs *st)
{
	long blocks = totalram_pages() / 2, used;

	used = min(global_node_page_state(NR_SHMEM), blocks);
	st->f_type = sb->s_magic;
	st->f_bsize = PAGE_SIZE;
	st->f_blocks = blocks;
	st->f_bfree = st->f_bavail = min(blocks - used, (long)nr_free_pages());
	st->f_files = blocks;
	st->f_ffree = blocks - min((long)count_inodes(sb), blocks);
	st->f_namelen = NAME_MAX;
	return 0;
}

static int
shmem_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

int
shmem_fill_super(struct super_block *sb, unsigned long magic, mode_t root_mode)
{
	struct inode *root;

	sb->s_magic = magic;
	sb->s_op = &shmem_sops;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_bdi = &noop_backing_dev_info;
	root = shmem_get_inode(sb, S_IFDIR | root_mode, 0);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct dentry *
shmem_mount(struct file_system_type *type, int flags, const char *dev,
	    void *data)
{
	struct super_block *sb = alloc_super(type);
	int err;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	err = shmem_fill_super(sb, TMPFS_MAGIC, 01777);
	if (err) {
		generic_shutdown_super(sb);
		return ERR_PTR(err);
	}
	return dget(sb->s_root);
}

/* An unlinked file on shm_mnt: it lives as long as its struct file. */
struct file *
shmem_file_setup(const char *name, loff_t size, unsigned long flags)
{
	struct super_block *sb;
	struct inode *inode;
	struct dentry *d;
	struct path p;
	struct file *f;

	if (size < 0)
		return ERR_PTR(-EINVAL);
	if (!shm_mnt)
		return ERR_PTR(-ENODEV);
	sb = shm_mnt->mnt_sb;
	inode = shmem_get_inode(sb, S_IFREG | 0777, 0);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	clear_nlink(inode);
	inode->i_size = size;
	d = d_alloc_anon(sb, name);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);
	p.mnt = shm_mnt;
	p.dentry = d;
	f = alloc_file(&p, O_RDWR, &shmem_file_fops);
	dput(d);		/* the file holds its own reference */
	return f ? f : ERR_PTR(-ENOMEM);
}

/* MAP_SHARED|MAP_ANONYMOUS: a shmem file as long as the VMA. */
int
shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *f = shmem_file_setup("dev/zero",
					  vma->vm_end - vma->vm_start,
					  vma->vm_flags);

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = f;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

static const struct address_space_operations shmem_aops = {
	.read_folio = shmem_read_folio,
	.write_begin = simple_write_begin,
	.write_end = simple_write_end,
	.dirty_folio = noop_dirty_folio,
};

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = filemap_fault,		/* and no page_mkwrite */
};

static const struct inode_operations shmem_dir_iops = {
	.lookup = simple_lookup,
	.create = shmem_create,
	.mkdir = shmem_mkdir,
	.rmdir = shmem_rmdir,
	.unlink = shmem_unlink,
	.rename = shmem_rename,
	.link = shmem_link,
	.mknod = shmem_mknod,
	.symlink = shmem_symlink,
};

static const struct inode_operations shmem_symlink_iops = {
	.get_link = shmem_get_link,
};

static const struct inode_operations shmem_file_iops = {
	.setsize = shmem_setsize,
};

static const struct file_operations shmem_file_fops = {
	.read = filemap_read,
	.write = generic_file_write,
	.llseek = generic_file_llseek,
	.mmap = shmem_mmap,
	.fsync = noop_fsync,
};

static const struct file_operations shmem_dir_fops = {
	.iterate_shared = dcache_readdir,
	.llseek = generic_file_llseek,
	.fsync = noop_fsync,
};

static const struct super_operations shmem_sops = {
	.statfs = shmem_statfs,
	.evict_inode = shmem_evict_inode,
};

struct file_system_type shmem_fs_type = {
	.name = "tmpfs",
	.mount = shmem_mount,
	.kill_sb = generic_shutdown_super,
};

int
shmem_init(void)
{
	struct vfsmount *m;
	int err = register_filesystem(&shmem_fs_type);

	if (err)
		return err;
	m = kern_mount(&shmem_fs_type);
	if (IS_ERR(m))
		return PTR_ERR(m);
	shm_mnt = m;
	return 0;
}

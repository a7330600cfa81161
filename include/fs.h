/*
 * The VFS: superblocks, inodes, dentries, open files, and the page
 * cache's address_space, with Linux's names.
 *
 * Lifetimes: inodes and dentries are reference counted (iget/iput,
 * dget/dput); a struct file holds a dentry reference; a process's fd
 * table holds file references (fget/fput). An inode's page cache is
 * its embedded address_space (i_data; i_mapping points at it).
 *
 * Locking: inode->i_rwsem serializes writers, truncation and directory
 * changes of one inode; mapping->i_pages_lock (irqsave, since
 * writeback completion runs in interrupt context) protects the page
 * cache tree and its counts; mapping->i_mmap_lock protects the list
 * of VMAs mapping the file (the file reverse map).
 */
#ifndef _PINOS_FS_H
#define _PINOS_FS_H

#include <mm.h>
#include <mm_types.h>
#include <mutex.h>
#include <uapi/stat.h>

struct inode;
struct file;
struct dentry;
struct super_block;
struct folio;
struct writeback_control;
struct kstatfs;
struct dir_context;

/*
 * Backing device capabilities. BDI_CAP_WRITEBACK: dirty pages must be
 * written back to a device (ext2); tmpfs/shmem, procfs and devfs lack
 * it. mapping_can_writeback() tests it, and vma_needs_dirty_tracking()
 * relies on it.
 */
#define BDI_CAP_WRITEBACK 0x1
struct backing_dev_info {
	const char *name;
	unsigned int capabilities;
};
extern struct backing_dev_info noop_backing_dev_info;

struct address_space_operations {
	int (*read_folio)(struct file *file, struct folio *folio);
	/* Write one locked folio already cleaned for I/O; unlock it. */
	int (*writepage)(struct folio *folio, struct writeback_control *wbc);
	/* Prepare [pos, pos+len) for write(): blocks exist afterwards. */
	int (*write_begin)(struct file *file, struct address_space *mapping,
			   loff_t pos, unsigned int len, struct folio **foliop);
	int (*write_end)(struct file *file, struct address_space *mapping,
			 loff_t pos, unsigned int len, unsigned int copied,
			 struct folio *folio);
	/* NULL: filemap_dirty_folio. A mapping that can write back must
	 * account like it (call it); others use noop_dirty_folio. */
	bool (*dirty_folio)(struct address_space *mapping,
			    struct folio *folio);
};

/* A radix tree node of the page cache (mm/filemap.c). */
#define PC_TREE_SHIFT 6
#define PC_TREE_SLOTS (1 << PC_TREE_SHIFT)
struct pc_node {
	void *slots[PC_TREE_SLOTS];
	unsigned int count;
};

struct address_space {
	struct inode *host;
	spinlock_t i_pages_lock;
	struct pc_node *i_pages;	/* index -> folio tree root */
	unsigned int tree_height;
	unsigned long nrpages;
	struct mutex i_mmap_lock;
	struct list_head i_mmap;	/* VMAs mapping this file */
	const struct address_space_operations *a_ops;
	struct backing_dev_info *bdi;
	unsigned long flags;		/* AS_* */
	int wb_err;			/* sticky writeback error, for fsync */
	unsigned long nr_dirty;
};

#define AS_EIO 0

static inline bool
mapping_can_writeback(const struct address_space *m)
{
	return m->bdi && (m->bdi->capabilities & BDI_CAP_WRITEBACK);
}

struct inode_operations {
	struct dentry *(*lookup)(struct inode *dir, struct dentry *d);
	int (*create)(struct inode *dir, struct dentry *d, mode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *d, mode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rename)(struct inode *odir, struct dentry *od,
		      struct inode *ndir, struct dentry *nd);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	int (*mknod)(struct inode *dir, struct dentry *d, mode_t mode,
		     dev_t dev);
	int (*setsize)(struct inode *inode, loff_t size);	/* truncate */
	int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
	/* A symlink's target; valid while the caller holds the inode. */
	const char *(*get_link)(struct inode *inode);
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	ssize_t (*read)(struct file *f, char *ubuf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const char *ubuf, size_t n,
			 loff_t *pos);
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	int (*iterate_shared)(struct file *f, struct dir_context *ctx);
	long (*unlocked_ioctl)(struct file *f, unsigned int cmd,
			       unsigned long arg);
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	int (*fsync)(struct file *f, loff_t start, loff_t end, int datasync);
};

struct inode {
	unsigned long i_ino;
	mode_t i_mode;
	unsigned int i_nlink;
	unsigned int i_uid, i_gid;
	dev_t i_rdev;
	loff_t i_size;
	s64 i_atime, i_mtime, i_ctime;	/* seconds */
	unsigned long i_blocks;		/* 512-byte units */
	atomic_t i_count;
	unsigned long i_state;		/* I_DIRTY_*, ... */
	unsigned long dirtied_when;	/* jiffies when first dirtied */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct address_space *i_mapping;
	struct address_space i_data;
	struct rw_semaphore i_rwsem;
	struct list_head i_sb_list;	/* sb->s_inodes */
	struct list_head i_wb_list;	/* on the flusher's dirty list */
	void *i_private;
};

#define I_DIRTY_SYNC  0x1	/* metadata (size, times) */
#define I_DIRTY_PAGES 0x4	/* has dirty page-cache folios */

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	int (*write_inode)(struct inode *inode, int sync);
	void (*evict_inode)(struct inode *inode);
	void (*put_super)(struct super_block *sb);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	int (*sync_fs)(struct super_block *sb, int wait);
};

struct super_block {
	unsigned long s_magic;
	unsigned long s_blocksize;
	dev_t s_dev;
	const struct super_operations *s_op;
	struct file_system_type *s_type;
	struct dentry *s_root;
	struct backing_dev_info *s_bdi;
	struct list_head s_inodes;
	struct list_head s_list;	/* all superblocks */
	spinlock_t s_inode_list_lock;
	void *s_fs_info;
	struct block_device *s_bdev;
	unsigned int s_flags;		/* SB_RDONLY, ... */
};

#define SB_RDONLY 1

struct file_system_type {
	const char *name;
	/* Build and return the root dentry of a new mount. */
	struct dentry *(*mount)(struct file_system_type *fs, int flags,
				const char *dev_name, void *data);
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;
};

struct dentry {
	char d_name[256];
	struct inode *d_inode;		/* NULL: negative dentry */
	struct dentry *d_parent;
	struct list_head d_child;	/* in parent's d_subdirs */
	struct list_head d_subdirs;
	atomic_t d_count;
	struct super_block *d_sb;
	struct vfsmount *d_mounted;	/* a mount sits on top of this */
	unsigned int d_flags;		/* DCACHE_* */
	u64 d_pos;			/* readdir cookie, rises in d_subdirs */
};

#define DCACHE_UNHASHED 0x1	/* not on a parent's d_subdirs list */

struct vfsmount {
	struct dentry *mnt_root;	/* root of the mounted tree */
	struct dentry *mnt_mountpoint;	/* where it is mounted */
	struct vfsmount *mnt_parent;
	struct super_block *mnt_sb;
	struct list_head mnt_list;
	atomic_t mnt_count;		/* paths held: files, cwd, walks */
};

/* A location in the mount tree: both references are held. */
struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	atomic_long_t f_count;
	struct dentry *f_dentry;
	struct vfsmount *f_vfsmnt;
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
	unsigned int f_flags;		/* O_* (Linux values) */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	struct mutex f_pos_lock;
	void *private_data;
};

#define FMODE_READ  0x1
#define FMODE_WRITE 0x2

struct dir_context {
	/* Return false to stop (buffer full). */
	bool (*actor)(struct dir_context *ctx, const char *name, int len,
		      loff_t pos, u64 ino, unsigned int d_type);
	loff_t pos;
};

struct kstatfs {
	long f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	long f_namelen, f_frsize, f_flags;
};

/* Files and file descriptors (fs/file.c, fs/open.c). */
struct file *filp_open(const char *path, int flags, mode_t mode);
int filp_close(struct file *f);
struct file *fget(int fd);
void fput(struct file *f);
struct file *get_file(struct file *f);
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);

/* Inodes (fs/inode.c). */
struct inode *new_inode(struct super_block *sb);
void iput(struct inode *inode);
struct inode *igrab(struct inode *inode);
void mark_inode_dirty(struct inode *inode);
unsigned long inode_test_clear_dirty(struct inode *inode, unsigned long flags);
void inode_init_mapping(struct inode *inode, struct backing_dev_info *bdi);

/* Filesystem types and mounts (fs/super.c, fs/namespace.c). */
int register_filesystem(struct file_system_type *fs);
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg);
int do_mount(const char *dev, const char *dir, const char *type, int flags);
int do_umount(const char *dir, int flags);

/* The page cache (mm/filemap.c). */
struct folio *filemap_get_folio(struct address_space *m, pgoff_t index);
struct folio *filemap_grab_folio(struct address_space *m, pgoff_t index);
int filemap_add_folio(struct address_space *m, struct folio *f,
		      pgoff_t index);
void filemap_remove_folio(struct folio *f);
ssize_t filemap_read(struct file *f, char *ubuf, size_t n, loff_t *pos);
ssize_t generic_file_write(struct file *f, const char *ubuf, size_t n,
			   loff_t *pos);
vm_fault_t filemap_fault(struct vm_fault *vmf);
int generic_file_mmap(struct file *f, struct vm_area_struct *vma);
void truncate_inode_pages(struct address_space *m, loff_t start);
void folio_lock(struct folio *f);
bool folio_trylock(struct folio *f);
void folio_unlock(struct folio *f);
void folio_wait_writeback(struct folio *f);
bool folio_mark_dirty(struct folio *f);

/*
 * ---- More of the VFS API (fs/, mm/filemap.c) ----
 *
 * Page-cache conventions, as in Linux: filemap_get_folio() returns the
 * folio with a reference, or ERR_PTR(-ENOENT); filemap_grab_folio()
 * finds or creates it and returns it locked with a reference, or
 * ERR_PTR(-ENOMEM); filemap_add_folio() locks the folio it inserts
 * (the cache takes its own reference; -EEXIST if the slot is taken).
 * filemap_remove_folio() needs the folio locked. filemap_fault()
 * returns the folio locked, with a reference, and VM_FAULT_LOCKED;
 * filemap_page_mkwrite() marks it dirty and returns VM_FAULT_LOCKED,
 * the fault path unlocks after making the PTE writable.
 */
#define NAME_MAX 255		/* bytes in one path component */
#define PATH_MAX 4096		/* bytes in a path, its NUL included */
#define MAX_LFS_FILESIZE 0x7fffffffffffffffL

/* Kernel dev_t: 12-bit major, 20-bit minor, as Linux's kdev_t.h. */
#define MINORBITS 20
#define MKDEV(ma, mi) (((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(d) ((unsigned int)((d) >> MINORBITS))
#define MINOR(d) ((unsigned int)((d) & ((1U << MINORBITS) - 1)))

/* i_size is written under i_rwsem and read locklessly. */
static inline loff_t
i_size_read(const struct inode *inode)
{
	return READ_ONCE(inode->i_size);
}

static inline void
i_size_write(struct inode *inode, loff_t size)
{
	WRITE_ONCE(inode->i_size, size);
}

/*
 * Buffer copies for ->read, ->write and ->unlocked_ioctl: like
 * copy_to_user() and friends (bytes not copied; -EFAULT), but inside
 * kernel_read()/kernel_write() they also accept kernel addresses.
 * Every file operation must use these, not copy_*_user(), to work on
 * both kinds of caller (fs/uaccess_kbuf.c).
 */
unsigned long vfs_copy_to_user(void *dst, const void *src, unsigned long n);
unsigned long vfs_copy_from_user(void *dst, const void *src, unsigned long n);
unsigned long vfs_clear_user(void *dst, unsigned long n);
long vfs_strncpy_from_user(char *dst, const char *src, long max);

/* Dentries (fs/dcache.c). A lookup method calls d_add(d, inode or
 * NULL); the VFS then links the dentry into its parent. */
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void d_add(struct dentry *d, struct inode *inode);
void d_instantiate(struct dentry *d, struct inode *inode);
struct dentry *d_make_root(struct inode *root);

/* Paths and mounts (fs/namei.c, fs/namespace.c). */
int kern_path(const char *name, struct path *path);
void path_get(const struct path *p);
void path_put(const struct path *p);
struct vfsmount *mntget(struct vfsmount *m);
void mntput(struct vfsmount *m);
/* An internal mount outside the tree (shm_mnt for memfd). */
struct vfsmount *kern_mount(struct file_system_type *type);

/* Helpers for filesystem implementations (fs/libfs.c, fs/inode.c). */
struct super_block *alloc_super(struct file_system_type *type);
void generic_shutdown_super(struct super_block *sb);
struct dentry *simple_lookup(struct inode *dir, struct dentry *d);
int dcache_readdir(struct file *f, struct dir_context *ctx);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
int noop_fsync(struct file *f, loff_t start, loff_t end, int datasync);
unsigned long get_next_ino(void);
s64 current_time_sec(void);
void __mark_inode_dirty(struct inode *inode, unsigned long flags);
void init_special_inode(struct inode *inode, mode_t mode, dev_t rdev);
int vfs_statfs(const struct path *path, struct kstatfs *st);
int vfs_fsync(struct file *f, int datasync);

static inline bool
dir_emit(struct dir_context *ctx, const char *name, int len, u64 ino,
	 unsigned int type)
{
	return ctx->actor(ctx, name, len, ctx->pos, ino, type);
}

/* Character devices (fs/char_dev.c): opening an S_IFCHR inode with
 * rdev @dev uses @fops; devfs creates /dev/@name. */
int register_chrdev(dev_t dev, const char *name,
		    const struct file_operations *fops);

/* The page cache, continued (mm/filemap.c, fs/page_dirty.c). */
unsigned int filemap_get_folios(struct address_space *m, pgoff_t *start,
				pgoff_t end, struct folio **batch,
				unsigned int max);
void folio_wait_locked(struct folio *f);
void folio_start_writeback(struct folio *f);
void folio_end_writeback(struct folio *f);
bool filemap_dirty_folio(struct address_space *m, struct folio *f);
bool noop_dirty_folio(struct address_space *m, struct folio *f);
void folio_cancel_dirty(struct folio *f);
int simple_write_begin(struct file *file, struct address_space *mapping,
		       loff_t pos, unsigned int len, struct folio **foliop);
int simple_write_end(struct file *file, struct address_space *mapping,
		     loff_t pos, unsigned int len, unsigned int copied,
		     struct folio *folio);
vm_fault_t filemap_page_mkwrite(struct vm_fault *vmf);
/* With page_mkwrite: for mappings that can write back (ext2). */
extern const struct vm_operations_struct generic_file_vm_ops;
/* Without page_mkwrite: nothing to write back (tmpfs, ramfs). */
extern const struct vm_operations_struct generic_file_nowb_vm_ops;

/* tmpfs/shmem (fs/shmem.c). */
bool shmem_mapping(const struct address_space *m);
/* An unlinked shmem file of @size bytes, opened read-write. */
struct file *shmem_file_setup(const char *name, loff_t size,
			      unsigned long flags);

#endif

/*
 * Declarations shared by the files of fs/ (and mm/filemap.c) but not
 * part of the VFS interface in include/fs.h.
 *
 * Lock order, outermost first:
 *   rename_mutex -> directory i_rwsem (ancestor before descendant) ->
 *   victim inode i_rwsem -> mapping->i_pages_lock -> inode_state_lock
 *   mount_lock -> dcache_lock
 * dcache_lock and mount_lock are plain spinlocks (never taken in IRQ
 * context); nothing that may sleep runs under them.
 */
#ifndef _PINOS_FS_INTERNAL_H
#define _PINOS_FS_INTERNAL_H

#include <fs.h>
#include <fdtable.h>
#include <errno.h>
#include <printk.h>
#include <string.h>
#include <uapi/fcntl.h>

struct kstat;

/* fs/dcache.c */
extern spinlock_t dcache_lock;
struct dentry *d_alloc(struct dentry *parent, const char *name, int len);
struct dentry *d_alloc_anon(struct super_block *sb, const char *name);
struct dentry *d_lookup(struct dentry *parent, const char *name, int len);
struct dentry *d_insert(struct dentry *d);
void d_unhash(struct dentry *d);
void d_move(struct dentry *d, struct dentry *target);
void shrink_dcache_sb(struct dentry *root);
bool is_subdir(struct dentry *d, struct dentry *ancestor);

static inline bool
d_unhashed(const struct dentry *d)
{
	return READ_ONCE(d->d_flags) & DCACHE_UNHASHED;
}

static inline bool
d_mountpoint(const struct dentry *d)
{
	return READ_ONCE(d->d_mounted) != NULL;
}

/* fs/namei.c */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };
struct last_component {
	const char *name;
	int len;
	int type;		/* LAST_* */
	bool slash;		/* followed by '/' */
};
#define LOOKUP_NOFOLLOW 0x1	/* do not follow a final symlink */
int path_lookupat(int dfd, const char *name, struct path *res);
int path_lookupat_flags(int dfd, const char *name, unsigned int flags,
			struct path *res);
int path_parentat(int dfd, const char *name, struct path *parent,
		  struct last_component *last);
struct dentry *lookup_one(struct dentry *parent, const char *name, int len);
struct dentry *lookup_one_locked(struct dentry *parent, const char *name,
				 int len);
int do_mkdirat(int dfd, const char *name, mode_t mode);
int do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev);
int do_rmdir(int dfd, const char *name);
int do_unlinkat(int dfd, const char *name);
/* Run @fn on the path of open file @fd (-EBADF if none). */
long with_fd_path(long fd, int (*fn)(struct path *p, long arg), long arg);
int do_renameat(int odfd, const char *oname, int ndfd, const char *nname);
int do_linkat(int odfd, const char *oname, int ndfd, const char *nname);
int do_symlinkat(const char *target, int dfd, const char *name);
/* Copy a user path into a new PATH_MAX buffer (kfree it). */
char *getname(const char *upath);

/* fs/namespace.c */
extern spinlock_t mount_lock;
void follow_mount(struct path *p);
void follow_dotdot(struct path *p, const struct path *root);
int init_mount_tree(void);
int show_mounts(char *buf, size_t len);

/* fs/d_path.c: "/a/b" for @p as seen from @root; length or -errno.
 * d_path_locked() needs mount_lock held. */
int d_path_locked(const struct path *p, const struct path *root, char *buf,
		  size_t len);
int d_path(const struct path *p, char *buf, size_t len);

/* fs/super.c */
struct file_system_type *get_fs_type(const char *name);
int show_filesystems(char *buf, size_t len);
void sync_filesystems(void);

/* fs/libfs.c */
bool simple_empty(struct dentry *dir);

/* fs/inode.c */
void clear_nlink(struct inode *inode);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);
extern const struct file_operations def_chr_fops;

/* fs/open.c */
struct file *alloc_file(const struct path *p, unsigned int flags,
			const struct file_operations *fop);
struct file *dentry_open(const struct path *p, unsigned int flags);
struct file *do_filp_open(int dfd, const char *name, int flags, mode_t mode);
int do_truncate(struct dentry *d, loff_t length);

/* fs/read_write.c */
ssize_t vfs_read(struct file *f, char *buf, size_t n, loff_t *pos);
ssize_t vfs_write(struct file *f, const char *buf, size_t n, loff_t *pos);
loff_t vfs_llseek(struct file *f, loff_t off, int whence);

/* fs/file.c */
struct files_struct *alloc_files(void);
int __alloc_fd(struct files_struct *files, int start, unsigned int flags);
void __fd_install(struct files_struct *files, int fd, struct file *f);

/* fs/stat.c */
int vfs_fstat_linux(struct file *f, void *ustat);

/* fs/readdir.c */
int iterate_dir(struct file *f, struct dir_context *ctx);

/* mm/filemap.c, fs/filemap_rw.c */
struct folio *filemap_get_uptodate(struct file *file,
				   struct address_space *m, pgoff_t index,
				   bool *major);

/* fs/shmem.c (devfs is a tmpfs with its own magic) */
extern struct file_system_type shmem_fs_type;
int shmem_fill_super(struct super_block *sb, unsigned long magic,
		     mode_t root_mode);
int shmem_init(void);
int shmem_mknod(struct inode *dir, struct dentry *d, mode_t mode, dev_t dev);

/* fs/char_dev.c, fs/devfs.c, fs/mem_devs.c, fs/console.c */
void chrdev_for_each(void (*fn)(const char *name, dev_t dev));
void devfs_create_node(const char *name, dev_t dev);
int devfs_init(void);
int mem_devs_init(void);
int console_init(void);
int pipe_init(void);

/* fs/procfs.c, fs/proc_entries.c, fs/proc_sysctl.c */
struct proc_entry {
	const char *name;
	mode_t mode;
	int (*show)(char *buf, size_t len);	/* regular files */
	const struct proc_entry *children;	/* dirs: ends with {} */
	bool sysctl_dir;			/* children: sysctl_vm_* */
};
extern const struct proc_entry proc_root_entry;
int procfs_init(void);
extern const struct file_operations proc_sysctl_fops;

/* fs/initramfs.c */
int unpack_cpio(const void *buf, size_t len, const char *dest);
int populate_rootfs(void);

/* Helpers */
static inline struct inode *
file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline unsigned int
dt_type(const struct inode *inode)
{
	return (inode->i_mode >> 12) & 15;
}

#endif

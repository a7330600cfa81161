/*
 * Per-process VFS state: the file descriptor table (struct
 * files_struct) and the root and working directory (struct fs_struct),
 * reached from task_struct->files and ->fs (fs/file.c, fs/fs_struct.c).
 *
 * Interface for kernel/proc:
 *   init_task_fs(t)    give a first user task "/" as root and cwd and
 *                      /dev/console as fds 0, 1 and 2;
 *   dup_files(f)       fork: a new table holding a reference to each
 *                      open file of @f (close-on-exec bits copied);
 *   copy_fs(fs)        fork: a new fs_struct with the same root and cwd;
 *   do_close_on_exec() execve: close the FD_CLOEXEC descriptors;
 *   put_files(f), put_fs(fs)   exit: drop the task's reference.
 * dup_files/copy_fs return NULL when out of memory.
 *
 * Locking: files->file_lock (a spinlock) guards the fd array and the
 * close-on-exec bitmap; a file taken out of the table is fput() only
 * after the lock is dropped, because ->release may sleep. fs->lock
 * guards root and pwd. Both structs are reference counted so a thread
 * that shares them (CLONE_FILES/CLONE_FS) can take another reference
 * with get_files()/get_fs().
 *
 * A kernel thread has files == NULL (fget() fails with -EBADF) and
 * fs == NULL, which path lookup treats as init_fs: root and cwd "/".
 */
#ifndef _PINOS_FDTABLE_H
#define _PINOS_FDTABLE_H

#include <fs.h>
#include <spinlock.h>

#define NR_OPEN_DEFAULT 256		/* descriptors per process */
#define BITS_PER_LONG 64

struct files_struct {
	atomic_t count;
	spinlock_t file_lock;
	int next_fd;			/* lowest possibly free fd */
	struct file *fd[NR_OPEN_DEFAULT];
	unsigned long close_on_exec[NR_OPEN_DEFAULT / BITS_PER_LONG];
};

struct fs_struct {
	atomic_t users;
	spinlock_t lock;
	struct path root, pwd;
	unsigned int umask;		/* applied by creating syscalls */
};

struct task_struct;

/* For kernel/proc (see above). */
int init_task_fs(struct task_struct *t);
struct files_struct *dup_files(struct files_struct *old);
void put_files(struct files_struct *files);
struct fs_struct *copy_fs(struct fs_struct *old);
void put_fs(struct fs_struct *fs);
void do_close_on_exec(struct files_struct *files);

static inline struct files_struct *
get_files(struct files_struct *f)
{
	atomic_inc(&f->count);
	return f;
}

static inline struct fs_struct *
get_fs(struct fs_struct *fs)
{
	atomic_inc(&fs->users);
	return fs;
}

/* Descriptor operations on current->files (fs/file.c). */
struct files_struct *alloc_files(void);
/* Reserve the lowest free fd >= @start; -EMFILE if none. */
int alloc_fd(int start, unsigned int flags);
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(int fd);
/* Publish @f at a reserved @fd; the table takes over the reference. */
void fd_install(int fd, struct file *f);
int close_fd(int fd);
/* dup2/dup3: make @newfd refer to @oldfd's file. */
int replace_fd(int oldfd, int newfd, unsigned int flags);
void set_close_on_exec(int fd, bool on);
bool get_close_on_exec(int fd);

/* Root and cwd of the current task (init_fs for kernel threads). */
extern struct fs_struct init_fs;
void get_fs_root(struct path *root);
void get_fs_pwd(struct path *pwd);
void set_fs_pwd(struct fs_struct *fs, const struct path *path);
void set_fs_root(struct fs_struct *fs, const struct path *path);
/* The current task's umask (init_fs: 022). */
unsigned int current_umask(void);

#endif

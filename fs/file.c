/*
 * Open files and file descriptor tables.
 *
 * struct file: f_count references (get_file/fput); the last fput()
 * calls ->release and drops the file's (mount, dentry) path.
 *
 * struct files_struct (include/fdtable.h): a fixed array of
 * NR_OPEN_DEFAULT slots. A slot is reserved by __alloc_fd() (marked
 * with FD_RESERVED so a concurrent allocation skips it) and published
 * by fd_install(), so a half-opened fd is never visible to fget().
 *
 * Locking: file_lock (spinlock) guards the slots, next_fd and the
 * close-on-exec bits. fget() takes its file reference under it, so a
 * racing close() cannot free the file in between. Files removed from
 * the table are fput() after the lock is dropped (->release sleeps).
 */
#include "internal.h"
#include <sched.h>
#include <slab.h>

#define FD_RESERVED ((struct file *)1)

struct file *
get_file(struct file *f)
{
	atomic_long_inc(&f->f_count);
	return f;
}

void
fput(struct file *f)
{
	struct path p;

	if (!f || !atomic_long_dec_and_test(&f->f_count))
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	p.mnt = f->f_vfsmnt;
	p.dentry = f->f_dentry;
	kfree(f);
	path_put(&p);
}

struct files_struct *
alloc_files(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	atomic_set(&files->count, 1);
	spin_lock_init(&files->file_lock, "file_lock");
	return files;
}

static void
set_cloexec_locked(struct files_struct *files, int fd, bool on)
{
	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |=
			1UL << (fd % BITS_PER_LONG);
	else
		files->close_on_exec[fd / BITS_PER_LONG] &=
			~(1UL << (fd % BITS_PER_LONG));
}

int
__alloc_fd(struct files_struct *files, int start, unsigned int flags)
{
	int fd = -EMFILE;

	if (start < 0 || start >= NR_OPEN_DEFAULT)
		return start < 0 ? -EINVAL : -EMFILE;
	spin_lock(&files->file_lock);
	for (int i = max(start, files->next_fd); i < NR_OPEN_DEFAULT; i++) {
		if (!files->fd[i]) {
			fd = i;
			break;
		}
	}
	if (fd >= 0) {
		files->fd[fd] = FD_RESERVED;
		set_cloexec_locked(files, fd, flags & O_CLOEXEC);
		if (start <= files->next_fd)
			files->next_fd = fd + 1;
	}
	spin_unlock(&files->file_lock);
	return fd;
}

int
alloc_fd(int start, unsigned int flags)
{
	if (!current->files)
		return -EMFILE;
	return __alloc_fd(current->files, start, flags);
}

int
get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

void
put_unused_fd(int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	if (files->fd[fd] == FD_RESERVED) {
		files->fd[fd] = NULL;
		if (fd < files->next_fd)
			files->next_fd = fd;
	}
	spin_unlock(&files->file_lock);
}

void
__fd_install(struct files_struct *files, int fd, struct file *f)
{
	spin_lock(&files->file_lock);
	WARN_ON(files->fd[fd] != FD_RESERVED);
	files->fd[fd] = f;
	spin_unlock(&files->file_lock);
}

void
fd_install(int fd, struct file *f)
{
	__fd_install(current->files, fd, f);
}

struct file *
fget(int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files || fd < 0 || fd >= NR_OPEN_DEFAULT)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd] && files->fd[fd] != FD_RESERVED)
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

/* Empty slot @fd (lock held); returns the file it held, if any. */
static struct file *
pick_file(struct files_struct *files, int fd)
{
	struct file *f = files->fd[fd];

	if (!f || f == FD_RESERVED)
		return NULL;
	files->fd[fd] = NULL;
	set_cloexec_locked(files, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
	return f;
}

int
close_fd(int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (!files || fd < 0 || fd >= NR_OPEN_DEFAULT)
		return -EBADF;
	spin_lock(&files->file_lock);
	f = pick_file(files, fd);
	spin_unlock(&files->file_lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/* dup2()/dup3(): @newfd is closed first, atomically; returns @newfd. */
int
replace_fd(int oldfd, int newfd, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *f, *old;

	if (!files || newfd < 0 || newfd >= NR_OPEN_DEFAULT)
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (files->fd[newfd] == FD_RESERVED) {
		spin_unlock(&files->file_lock);
		fput(f);
		return -EBUSY;	/* as Linux: an open() in flight */
	}
	old = pick_file(files, newfd);
	files->fd[newfd] = f;
	set_cloexec_locked(files, newfd, flags & O_CLOEXEC);
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
	return newfd;
}

void
set_close_on_exec(int fd, bool on)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	set_cloexec_locked(files, fd, on);
	spin_unlock(&files->file_lock);
}

bool
get_close_on_exec(int fd)
{
	struct files_struct *files = current->files;
	bool on;

	spin_lock(&files->file_lock);
	on = files->close_on_exec[fd / BITS_PER_LONG] >>
	     (fd % BITS_PER_LONG) & 1;
	spin_unlock(&files->file_lock);
	return on;
}

/* fork(): a new table referencing the same open files. */
struct files_struct *
dup_files(struct files_struct *old)
{
	struct files_struct *files = alloc_files();

	if (!files)
		return NULL;
	spin_lock(&old->file_lock);
	for (int i = 0; i < NR_OPEN_DEFAULT; i++) {
		struct file *f = old->fd[i];

		if (f && f != FD_RESERVED)
			files->fd[i] = get_file(f);
	}
	memcpy(files->close_on_exec, old->close_on_exec,
	       sizeof(files->close_on_exec));
	spin_unlock(&old->file_lock);
	return files;
}

/* Close every fd selected by @cloexec_only (or all); no lock held. */
static void
close_files(struct files_struct *files, bool cloexec_only)
{
	for (int i = 0; i < NR_OPEN_DEFAULT; i++) {
		struct file *f = NULL;

		spin_lock(&files->file_lock);
		if (!cloexec_only ||
		    (files->close_on_exec[i / BITS_PER_LONG] >>
		     (i % BITS_PER_LONG) & 1))
			f = pick_file(files, i);
		spin_unlock(&files->file_lock);
		if (f)
			fput(f);
	}
}

void
put_files(struct files_struct *files)
{
	if (!files || !atomic_dec_and_test(&files->count))
		return;
	close_files(files, false);
	kfree(files);
}

void
do_close_on_exec(struct files_struct *files)
{
	close_files(files, true);
}

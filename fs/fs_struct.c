/*
 * Root and working directory of a task (struct fs_struct), and the
 * VFS side of process creation (include/fdtable.h).
 *
 * init_fs is the fs_struct of kernel threads (current->fs == NULL):
 * root and cwd "/", set when the root is mounted. init_task_fs() gives
 * the first user task a copy of it plus /dev/console on fds 0-2; fork
 * copies the parent's with copy_fs() and dup_files().
 *
 * The umask is applied by the creating system calls (open, mkdir,
 * mknod), not by in-kernel creators (initramfs keeps archive modes).
 *
 * Locking: fs->lock (spinlock) guards root, pwd and umask; readers
 * copy the path and take references under it, so a concurrent chdir()
 * cannot free what they got. The old path is put after the lock is dropped.
 */
#include "internal.h"
#include <sched.h>
#include <slab.h>
#include <syscalls.h>

struct fs_struct init_fs = {
	.users = ATOMIC_INIT(1),
	.lock = __SPIN_LOCK_UNLOCKED(init_fs.lock),
	.umask = 0022,
};

static struct fs_struct *
current_fs(void)
{
	return current->fs ? current->fs : &init_fs;
}

static unsigned int
xchg_umask(struct fs_struct *fs, unsigned int mask)
{
	unsigned int old;

	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask;
	spin_unlock(&fs->lock);
	return old;
}

static void
get_fs_path(struct fs_struct *fs, struct path *dst, bool root)
{
	spin_lock(&fs->lock);
	*dst = root ? fs->root : fs->pwd;
	path_get(dst);
	spin_unlock(&fs->lock);
}

unsigned int
current_umask(void)
{
	return READ_ONCE(current_fs()->umask);
}

/* umask(2): set the creation mask, return the old one. */
SYSCALL_DEFINE(umask, __NR_umask)(long mask, long a1, long a2, long a3,
				   long a4, long a5)
{
	struct fs_struct *fs = current_fs();

	if (fs == &init_fs)
		return -EPERM;		/* kernel threads share it */
	return xchg_umask(fs, mask & 0777);
}

void
get_fs_root(struct path *root)
{
	get_fs_path(current_fs(), root, true);
}

void
get_fs_pwd(struct path *pwd)
{
	get_fs_path(current_fs(), pwd, false);
}

static void
set_fs_path(struct fs_struct *fs, struct path *slot, const struct path *p)
{
	struct path old;

	path_get(p);
	spin_lock(&fs->lock);
	old = *slot;
	*slot = *p;
	spin_unlock(&fs->lock);
	if (old.dentry)
		path_put(&old);
}

void
set_fs_pwd(struct fs_struct *fs, const struct path *p)
{
	set_fs_path(fs, &fs->pwd, p);
}

void
set_fs_root(struct fs_struct *fs, const struct path *p)
{
	set_fs_path(fs, &fs->root, p);
}

struct fs_struct *
copy_fs(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	atomic_set(&fs->users, 1);
	spin_lock_init(&fs->lock, "fs_struct");
	spin_lock(&old->lock);
	fs->root = old->root;
	fs->pwd = old->pwd;
	fs->umask = old->umask;
	path_get(&fs->root);
	path_get(&fs->pwd);
	spin_unlock(&old->lock);
	return fs;
}

void
put_fs(struct fs_struct *fs)
{
	if (!fs || fs == &init_fs || !atomic_dec_and_test(&fs->users))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

/* fds 0, 1, 2 of @files on /dev/console. */
static int
open_console(struct files_struct *files)
{
	struct file *f = filp_open("/dev/console", O_RDWR, 0);

	if (IS_ERR(f))
		return PTR_ERR(f);
	for (int fd = 0; fd < 3; fd++) {
		if (__alloc_fd(files, fd, 0) != fd)
			break;
		__fd_install(files, fd, get_file(f));
	}
	fput(f);
	return 0;
}

/*
 * The first user task: root and cwd "/", stdin/out/err the console.
 * Returns -ENOMEM (nothing set) or 0; a missing /dev/console is only
 * warned about, the task then starts without fds 0-2.
 */
int
init_task_fs(struct task_struct *t)
{
	struct files_struct *files = alloc_files();
	struct fs_struct *fs = copy_fs(&init_fs);
	int err;

	if (!files || !fs) {
		kfree(files);
		put_fs(fs);
		return -ENOMEM;
	}
	err = open_console(files);
	if (err)
		pr_warn("init_task_fs: no /dev/console (%d)\n", err);
	t->files = files;
	t->fs = fs;
	return 0;
}

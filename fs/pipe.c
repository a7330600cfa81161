/*
 * Pipes: pipe(2) and pipe2(2).
 *
 * A pipe is a ring of PIPE_SIZE bytes hanging off an inode of the
 * internal pipefs; its two files (read end, write end) share the inode.
 * head and tail count bytes written and read, so head - tail is what
 * is buffered. Reading an empty pipe sleeps until a writer writes or
 * the last writer closes (end of file: 0). Writing a full pipe sleeps
 * until a reader makes room; with no reader left it fails with -EPIPE
 * and sends SIGPIPE. Writes of at most PIPE_BUF bytes are atomic: they
 * wait for room for all of it rather than interleave with other
 * writers. O_NONBLOCK turns sleeps into -EAGAIN.
 *
 * Locking: pipe->lock (a mutex) guards the ring, head, tail and the
 * reader/writer counts; user copies happen under it (it sleeps, and no
 * fault path takes it). Sleepers wait on rd_wait/wr_wait without the
 * mutex and re-check under it; every change wakes the other side.
 * kill() does not wake these sleeps, so they also wake every 100 ms to
 * notice a fatal signal (-EINTR; the process dies on its way out).
 */
#include "internal.h"
#include <sched.h>
#include <signal.h>
#include <slab.h>
#include <syscalls.h>
#include <time.h>

#define PIPE_SIZE PAGE_SIZE
#define PIPE_BUF  PAGE_SIZE		/* atomic write limit */

struct pipe_inode_info {
	struct mutex lock;
	struct wait_queue_head rd_wait, wr_wait;
	char *buf;
	unsigned long head, tail;
	int readers, writers;
};

static struct vfsmount *pipe_mnt;
static const struct file_operations pipe_read_fops, pipe_write_fops;

static unsigned long
pipe_len(struct pipe_inode_info *p)
{
	return READ_ONCE(p->head) - READ_ONCE(p->tail);
}

/* Sleep (mutex dropped) until @cond; -EINTR on a fatal signal. */
#define pipe_wait(p, wq, cond)                                          \
	({                                                              \
		int __err = 0;                                          \
		mutex_unlock(&(p)->lock);                               \
		while (!(cond)) {                                       \
			if (fatal_signal_pending(current)) {            \
				__err = -EINTR;                         \
				break;                                  \
			}                                               \
			wait_event_timeout(wq, cond, HZ / 10);          \
		}                                                       \
		mutex_lock(&(p)->lock);                                 \
		__err;                                                  \
	})

/* Copy out up to @n buffered bytes (lock held); bytes or -EFAULT. */
static long
pipe_copy_out(struct pipe_inode_info *p, char *ubuf, size_t n)
{
	size_t done = 0;

	n = min(n, pipe_len(p));
	while (done < n) {
		size_t off = p->tail % PIPE_SIZE;
		size_t chunk = min(n - done, PIPE_SIZE - off);

		if (vfs_copy_to_user(ubuf + done, p->buf + off, chunk))
			return done ? (long)done : -EFAULT;
		p->tail += chunk;
		done += chunk;
	}
	return done;
}

static ssize_t
pipe_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_private;
	long ret = 0;

	mutex_lock(&p->lock);
	while (!pipe_len(p) && p->writers) {
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = pipe_wait(p, p->rd_wait, pipe_len(p) || !p->writers);
		if (ret)
			break;
	}
	if (!ret)
		ret = pipe_copy_out(p, ubuf, n);
	mutex_unlock(&p->lock);
	if (ret > 0)
		wake_up(&p->wr_wait);
	return ret;
}

static long
pipe_copy_in(struct pipe_inode_info *p, const char *ubuf, size_t n)
{
	size_t done = 0;

	n = min(n, PIPE_SIZE - pipe_len(p));
	while (done < n) {
		size_t off = p->head % PIPE_SIZE;
		size_t chunk = min(n - done, PIPE_SIZE - off);

		if (vfs_copy_from_user(p->buf + off, ubuf + done, chunk))
			return done ? (long)done : -EFAULT;
		p->head += chunk;
		done += chunk;
	}
	return done;
}

/* Room for the next piece: all of a small write, else any room. */
static bool
pipe_room(struct pipe_inode_info *p, size_t want)
{
	size_t need = want <= PIPE_BUF ? want : 1;

	return PIPE_SIZE - pipe_len(p) >= need || !p->readers;
}

static ssize_t
pipe_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_private;
	size_t done = 0;
	long ret = 0;

	mutex_lock(&p->lock);
	while (done < n) {
		if (!p->readers) {
			if (current->proc)	/* a process, not a kthread */
				send_sig(SIGPIPE, current);
			ret = -EPIPE;
			break;
		}
		if (!pipe_room(p, n - done)) {
			if (f->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = pipe_wait(p, p->wr_wait, pipe_room(p, n - done));
			if (ret)
				break;
			continue;
		}
		ret = pipe_copy_in(p, ubuf + done, n - done);
		if (ret < 0)
			break;
		done += ret;
		ret = 0;
		wake_up(&p->rd_wait);
	}
	mutex_unlock(&p->lock);
	return done ? (ssize_t)done : ret;
}

static int
pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_private;

	mutex_lock(&p->lock);
	if (f->f_op == &pipe_read_fops)
		p->readers--;
	else
		p->writers--;
	mutex_unlock(&p->lock);
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	return 0;
}

static const struct file_operations pipe_read_fops = {
	.read = pipe_read,
	.release = pipe_release,
};

static const struct file_operations pipe_write_fops = {
	.write = pipe_write,
	.release = pipe_release,
};

static void
pipe_evict(struct inode *inode)
{
	struct pipe_inode_info *p = inode->i_private;

	if (p) {
		kfree(p->buf);
		kfree(p);
	}
}

static struct pipe_inode_info *
alloc_pipe(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock, "pipe");
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	p->readers = p->writers = 1;
	return p;
}

/* The inode and its anonymous dentry; the caller gets the dentry. */
static struct dentry *
pipe_dentry(void)
{
	struct super_block *sb = pipe_mnt->mnt_sb;
	struct inode *inode = new_inode(sb);
	char name[32];
	struct dentry *d;

	if (!inode)
		return NULL;
	inode->i_ino = get_next_ino();
	inode->i_mode = S_IFIFO | 0600;
	inode->i_private = alloc_pipe();
	snprintf(name, sizeof(name), "pipe:[%lu]", inode->i_ino);
	d = inode->i_private ? d_alloc_anon(sb, name) : NULL;
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	return d;
}

/* Both ends as files: [0] reads, [1] writes. */
static int
create_pipe_files(struct file **res, int flags)
{
	struct dentry *d = pipe_mnt ? pipe_dentry() : NULL;
	struct path p;

	if (!d)
		return -ENOMEM;
	p.mnt = pipe_mnt;
	p.dentry = d;
	res[0] = alloc_file(&p, O_RDONLY | (flags & O_NONBLOCK),
			    &pipe_read_fops);
	res[1] = alloc_file(&p, O_WRONLY | (flags & O_NONBLOCK),
			    &pipe_write_fops);
	dput(d);
	if (res[0] && res[1])
		return 0;
	fput(res[0]);		/* ->release keeps the counts honest */
	fput(res[1]);
	return -ENOMEM;
}

static long
do_pipe2(int *ufds, int flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd_flags(flags);
	err = fd[1] < 0 ? fd[1] : 0;
	if (!err && vfs_copy_to_user(ufds, fd, sizeof(fd)))
		err = -EFAULT;
	if (err) {
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		if (fd[1] >= 0)
			put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return err;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

SYSCALL_DEFINE(pipe, __NR_pipe)(long fds, long a1, long a2, long a3,
				 long a4, long a5)
{
	return do_pipe2((int *)fds, 0);
}

SYSCALL_DEFINE(pipe2, __NR_pipe2)(long fds, long flags, long a2, long a3,
				   long a4, long a5)
{
	return do_pipe2((int *)fds, flags);
}

static const struct super_operations pipefs_sops = {
	.evict_inode = pipe_evict,
};

static struct dentry *
pipefs_mount(struct file_system_type *type, int flags, const char *dev,
	     void *data)
{
	struct super_block *sb = alloc_super(type);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = 0x50495045;	/* PIPEFS_MAGIC */
	sb->s_op = &pipefs_sops;
	root = new_inode(sb);
	if (root)
		root->i_mode = S_IFDIR | 0700;
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		generic_shutdown_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static struct file_system_type pipefs_type = {
	.name = "pipefs",
	.mount = pipefs_mount,
};

int
pipe_init(void)
{
	struct vfsmount *m = kern_mount(&pipefs_type);

	if (IS_ERR(m))
		return PTR_ERR(m);
	pipe_mnt = m;
	return 0;
}

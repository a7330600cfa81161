/*
 * The VFS, tmpfs, devfs, procfs, sysctl, memfd and the initramfs
 * unpacker, through both the kernel API (filp_open, kernel_read, ...)
 * and the system calls themselves.
 *
 * Each case runs with a fresh fd table and fs_struct on the test
 * thread (init_task_fs), so the sys_* entry points work; they are
 * called with kernel buffers, which vfs_copy_*_user() accept while
 * current->uaccess_kernel is set (and refuse when it is not: see
 * vfs_kernel_pointer_refused). Every case works in its own directory
 * under /tmp and removes what it made.
 */
#include <kunit.h>
#include <fs.h>
#include <fdtable.h>
#include <gfp.h>
#include <mman.h>
#include <sched.h>
#include <slab.h>
#include <sysctl.h>
#include <vmstat.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>

#define SYS(name) long sys_##name(long, long, long, long, long, long)
SYS(open); SYS(close); SYS(read); SYS(write); SYS(lseek); SYS(pread64);
SYS(fstat); SYS(stat); SYS(mkdir); SYS(rmdir); SYS(unlink); SYS(rename);
SYS(getdents64); SYS(getcwd); SYS(chdir); SYS(dup); SYS(dup2); SYS(fcntl);
SYS(ftruncate); SYS(statfs); SYS(memfd_create); SYS(mount); SYS(umount2);
SYS(fsync); SYS(link); SYS(pipe); SYS(pipe2);
SYS(symlink); SYS(readlink); SYS(lstat); SYS(umask); SYS(readv);
SYS(writev);

int unpack_cpio(const void *buf, size_t len, const char *dest);

#define L(x) ((long)(x))
#define EXPECT_PTR_EQ(t, a, b) \
	KUNIT_EXPECT_EQ(t, (unsigned long)(a), (unsigned long)(b))

static struct files_struct *saved_files;
static struct fs_struct *saved_fs;

static int
vfs_case_init(struct kunit *test)
{
	saved_files = current->files;
	saved_fs = current->fs;
	current->files = NULL;
	current->fs = NULL;
	if (init_task_fs(current))
		return -ENOMEM;
	current->uaccess_kernel = 1;
	return 0;
}

static void
vfs_case_exit(struct kunit *test)
{
	current->uaccess_kernel = 0;
	put_files(current->files);
	put_fs(current->fs);
	current->files = saved_files;
	current->fs = saved_fs;
}

static long
k_open(const char *path, long flags, long mode)
{
	return sys_open(L(path), flags, mode, 0, 0, 0);
}

static long
k_read(long fd, void *buf, long n)
{
	return sys_read(fd, L(buf), n, 0, 0, 0);
}

static long
k_write(long fd, const void *buf, long n)
{
	return sys_write(fd, L(buf), n, 0, 0, 0);
}

static long
k_stat(const char *path, struct linux_stat *st)
{
	return sys_stat(L(path), L(st), 0, 0, 0, 0);
}

static long
k_mkdir(const char *path)
{
	return sys_mkdir(L(path), 0755, 0, 0, 0, 0);
}

static long
k_unlink(const char *path)
{
	return sys_unlink(L(path), 0, 0, 0, 0, 0);
}

static long
k_rmdir(const char *path)
{
	return sys_rmdir(L(path), 0, 0, 0, 0, 0);
}

static long
k_rename(const char *a, const char *b)
{
	return sys_rename(L(a), L(b), 0, 0, 0, 0);
}

static long
k_close(long fd)
{
	return sys_close(fd, 0, 0, 0, 0, 0);
}

/* Create @path holding @n bytes of @c; returns 0 or -errno. */
static long
make_file(const char *path, int c, long n)
{
	char *buf = kmalloc(n ? n : 1, GFP_KERNEL);
	long fd = k_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644), r;

	if (!buf || fd < 0) {
		kfree(buf);
		return fd < 0 ? fd : -ENOMEM;
	}
	memset(buf, c, n);
	r = k_write(fd, buf, n);
	k_close(fd);
	kfree(buf);
	return r == n ? 0 : (r < 0 ? r : -EIO);
}

/* ---- files: create, write, read, seek, stat ---- */

static void
vfs_file_rw_seek(struct kunit *test)
{
	static char out[10000], in[10000];
	struct linux_stat st;
	loff_t pos = 4090;
	struct file *f;

	for (int i = 0; i < 10000; i++)
		out[i] = (char)(i * 7 + 3);
	f = filp_open("/tmp/rw1", O_CREAT | O_RDWR | O_TRUNC, 0640);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_write(f, out, 10000, NULL), 10000);
	KUNIT_EXPECT_EQ(test, f->f_pos, 10000);
	KUNIT_EXPECT_EQ(test, generic_file_llseek(f, 0, SEEK_SET), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(f, in, 10000, NULL), 10000);
	KUNIT_EXPECT_MEMEQ(test, in, out, 10000);
	KUNIT_EXPECT_EQ(test, kernel_read(f, in, 100, NULL), 0);  /* EOF */
	memset(in, 0, 20);
	KUNIT_EXPECT_EQ(test, kernel_read(f, in, 20, &pos), 20);
	KUNIT_EXPECT_MEMEQ(test, in, out + 4090, 20);	/* across a page */
	KUNIT_EXPECT_EQ(test, pos, 4110);
	KUNIT_EXPECT_EQ(test, f->f_pos, 10000);		/* untouched */
	KUNIT_EXPECT_EQ(test, generic_file_llseek(f, -5, SEEK_END), 9995);
	KUNIT_EXPECT_EQ(test, generic_file_llseek(f, -10000, SEEK_CUR),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kernel_read(f, in, 100, NULL), 5);
	KUNIT_EXPECT_MEMEQ(test, in, out + 9995, 5);
	fput(f);

	KUNIT_ASSERT_EQ(test, k_stat("/tmp/rw1", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 10000);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0640);
	KUNIT_EXPECT_EQ(test, st.st_nlink, 1);
	KUNIT_EXPECT_EQ(test, st.st_blocks, 3 * 8);	/* three pages */
	KUNIT_EXPECT_EQ(test, st.st_blksize, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/rw1"), 0);
}

/* The same through the syscalls: fds, f_pos, O_APPEND, lseek, pread. */
static void
vfs_file_syscalls(struct kunit *test)
{
	char buf[64];
	struct linux_stat st;
	long fd = k_open("/tmp/sc1", O_CREAT | O_RDWR | O_EXCL, 0600), fd2;

	KUNIT_ASSERT_GE(test, fd, 3);		/* 0-2 are the console */
	KUNIT_EXPECT_EQ(test, k_write(fd, "hello, world", 12), 12);
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 7, SEEK_SET, 0, 0, 0), 7);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 64), 5);
	KUNIT_EXPECT_MEMEQ(test, buf, "world", 5);
	KUNIT_EXPECT_EQ(test, sys_pread64(fd, L(buf), 5, 0, 0, 0), 5);
	KUNIT_EXPECT_MEMEQ(test, buf, "hello", 5);
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 12);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 12);
	KUNIT_EXPECT_EQ(test, sys_fsync(fd, 0, 0, 0, 0, 0), 0);
	k_close(fd);

	fd = k_open("/tmp/sc1", O_WRONLY | O_APPEND, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, k_write(fd, "!", 1), 1);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 1), -EBADF);	/* write-only */
	fd2 = sys_dup(fd, 0, 0, 0, 0, 0);
	KUNIT_EXPECT_GT(test, fd2, fd);
	KUNIT_EXPECT_EQ(test, sys_dup2(fd2, 20, 0, 0, 0, 0), 20);
	KUNIT_EXPECT_EQ(test, sys_fcntl(20, F_GETFL, 0, 0, 0, 0),
			O_WRONLY | O_APPEND);
	KUNIT_EXPECT_EQ(test, sys_fcntl(20, F_SETFD, FD_CLOEXEC, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_fcntl(20, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
	do_close_on_exec(current->files);
	KUNIT_EXPECT_EQ(test, k_close(20), -EBADF);	/* closed by exec */
	KUNIT_EXPECT_EQ(test, k_close(fd2), 0);
	KUNIT_EXPECT_EQ(test, k_close(fd), 0);
	KUNIT_EXPECT_EQ(test, k_close(fd), -EBADF);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sc1", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 13);

	fd = k_open("/tmp/sc1", O_RDWR | O_TRUNC, 0);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 0);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, sys_pread64(0, L(buf), 1, 0, 0, 0), -ESPIPE);
	KUNIT_EXPECT_EQ(test, sys_fstat(99, L(&st), 0, 0, 0, 0), -EBADF);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sc1"), 0);
}

/* A syscall must refuse a kernel pointer from "user space". */
static void
vfs_kernel_pointer_refused(struct kunit *test)
{
	char buf[16];
	long fd = k_open("/dev/zero", O_RDONLY, 0);

	KUNIT_ASSERT_GE(test, fd, 0);
	current->uaccess_kernel = 0;
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, sizeof(buf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, k_open("/dev/zero", O_RDONLY, 0), -EFAULT);
	current->uaccess_kernel = 1;
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, sizeof(buf)), sizeof(buf));
	k_close(fd);
}

/* ---- directories ---- */

static void
vfs_mkdir_rmdir(struct kunit *test)
{
	struct linux_stat st, top;

	KUNIT_ASSERT_EQ(test, k_stat("/tmp", &top), 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/d1"), 0);
	KUNIT_EXPECT_EQ(test, k_mkdir("/tmp/d1"), -EEXIST);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_nlink, top.st_nlink + 1);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/d1", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0755);
	KUNIT_EXPECT_EQ(test, st.st_nlink, 2);
	KUNIT_EXPECT_EQ(test, k_mkdir("/tmp/d1/sub/"), 0);	/* slash ok */
	KUNIT_EXPECT_EQ(test, make_file("/tmp/d1/f", 'x', 10), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1/f"), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/d1/sub"), -EISDIR);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1/sub/."), -EINVAL);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1/sub/.."), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, k_rmdir("/"), -EBUSY);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp"), -EBUSY);	/* mount point */
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1/sub"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/d1/f"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/d1/f"), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/d1"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/d1", &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_nlink, top.st_nlink);
}

/* A deleted file lives on while open; its pages go at the last close. */
static void
vfs_unlink_open_file(struct kunit *test)
{
	long shmem0 = global_node_page_state(NR_SHMEM);
	long files0 = global_node_page_state(NR_FILE_PAGES);
	struct linux_stat st;
	char buf[8];
	long fd;

	KUNIT_ASSERT_EQ(test, make_file("/tmp/ul", 'q', 3 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SHMEM), shmem0 + 3);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_PAGES),
			files0 + 3);
	fd = k_open("/tmp/ul", O_RDONLY, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/ul"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/ul", &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 2 * PAGE_SIZE, SEEK_SET, 0, 0, 0),
			2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 8), 8);
	KUNIT_EXPECT_MEMEQ(test, buf, "qqqqqqqq", 8);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_nlink, 0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SHMEM), shmem0 + 3);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SHMEM), shmem0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_PAGES), files0);
}

static void
vfs_rename(struct kunit *test)
{
	struct linux_stat st;
	char buf[4];
	long fd;

	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/rn"), 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/rn/a"), 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/rn/a/b"), 0);
	KUNIT_ASSERT_EQ(test, make_file("/tmp/rn/x", 'x', 4), 0);
	KUNIT_ASSERT_EQ(test, make_file("/tmp/rn/y", 'y', 2), 0);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/x", "/tmp/rn/a/x2"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/rn/x", &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/rn/a/x2", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 4);
	/* Over an existing file: it is replaced. */
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/y", "/tmp/rn/a/x2"), 0);
	fd = k_open("/tmp/rn/a/x2", O_RDONLY, 0);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 4), 2);
	KUNIT_EXPECT_MEMEQ(test, buf, "yy", 2);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/a", "/tmp/rn/a/b/c"), -EINVAL);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/a/x2", "/tmp/rn/a"), -EISDIR);
	KUNIT_EXPECT_EQ(test, k_mkdir("/tmp/rn/e"), 0);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/e", "/tmp/rn/a"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/a/b", "/tmp/rn/e"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/rn/e", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_nlink, 2);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/e", "/proc/e"), -EXDEV);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/rn/nope", "/tmp/rn/z"), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/rn/a/x2"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/rn/e"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/rn/a"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/rn"), 0);
}

/* Read a whole directory with getdents64 in @bufsize chunks. */
static int
list_dir(struct kunit *test, long fd, long bufsize, char names[][16],
	 int max, unsigned char *types)
{
	static char buf[512];
	int n = 0;
	long got;

	while ((got = sys_getdents64(fd, L(buf), bufsize, 0, 0, 0)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			KUNIT_EXPECT_EQ(test, d->d_reclen % 8, 0);
			if (n < max) {
				strlcpy(names[n], d->d_name, 16);
				types[n] = d->d_type;
			}
			n++;
			off += d->d_reclen;
		}
	}
	KUNIT_EXPECT_EQ(test, got, 0);
	return n;
}

static int
find_name(char names[][16], int n, const char *name)
{
	int hits = 0;

	for (int i = 0; i < n; i++)
		hits += !strcmp(names[i], name);
	return hits;
}

static void
vfs_getdents(struct kunit *test)
{
	static const char *const files[] = { "a", "bb", "ccc", "dddd" };
	char names[16][16];
	unsigned char types[16];
	static char buf[32];
	long fd;
	int n;

	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/gd"), 0);
	for (int i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "/tmp/gd/%s", files[i]);
		KUNIT_ASSERT_EQ(test, make_file(buf, 'g', i), 0);
	}
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/gd/sub"), 0);
	fd = k_open("/tmp/gd", O_RDONLY | O_DIRECTORY, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	n = list_dir(test, fd, 512, names, 16, types);
	KUNIT_EXPECT_EQ(test, n, 7);
	KUNIT_EXPECT_EQ(test, find_name(names, n, "."), 1);
	KUNIT_EXPECT_EQ(test, find_name(names, n, ".."), 1);
	for (int i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, types[i],
				!strcmp(names[i], "sub") || names[i][0] == '.' ?
					DT_DIR : DT_REG);
	/* Small buffer: one record per call, same listing. */
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, list_dir(test, fd, 32, names, 16, types), 7);
	/* Removing an entry mid-listing neither repeats nor skips others. */
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	KUNIT_EXPECT_GT(test, sys_getdents64(fd, L(buf), 32, 0, 0, 0), 0);
	KUNIT_EXPECT_GT(test, sys_getdents64(fd, L(buf), 32, 0, 0, 0), 0);
	KUNIT_EXPECT_GT(test, sys_getdents64(fd, L(buf), 32, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/gd/a"), 0);	/* seen */
	n = list_dir(test, fd, 32, names, 16, types);
	KUNIT_EXPECT_EQ(test, n, 4);		/* bb ccc dddd sub */
	KUNIT_EXPECT_EQ(test, find_name(names, n, "bb"), 1);
	KUNIT_EXPECT_EQ(test, find_name(names, n, "sub"), 1);
	KUNIT_EXPECT_EQ(test, sys_getdents64(fd, L(buf), 8, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_getdents64(fd, L(buf), 8, 0, 0, 0), -EINVAL);
	k_close(fd);
	for (int i = 1; i < 4; i++) {
		snprintf(buf, sizeof(buf), "/tmp/gd/%s", files[i]);
		KUNIT_EXPECT_EQ(test, k_unlink(buf), 0);
	}
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/gd/sub"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/gd"), 0);
}

/* ---- path resolution errors ---- */

static void
vfs_path_errors(struct kunit *test)
{
	char *p = kmalloc(PATH_MAX + 16, GFP_KERNEL);
	struct path a, b;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, make_file("/tmp/pe", 'p', 1), 0);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/none", O_RDONLY, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/none/x", O_RDONLY, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/pe/x", O_RDONLY, 0), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/pe/", O_RDONLY, 0), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, k_open("", O_RDONLY, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/pe", O_CREAT | O_EXCL | O_RDWR,
				     0644), -EEXIST);
	KUNIT_EXPECT_EQ(test, k_open("/tmp", O_WRONLY, 0), -EISDIR);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/pe", O_RDONLY | O_DIRECTORY, 0),
			-ENOTDIR);
	KUNIT_EXPECT_EQ(test, k_mkdir("/tmp/none/x"), -ENOENT);
	memset(p, 'n', 300);
	memcpy(p, "/tmp/", 5);
	p[5 + 256] = '\0';			/* a 256-byte component */
	KUNIT_EXPECT_EQ(test, k_open(p, O_RDONLY, 0), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, k_mkdir(p), -ENAMETOOLONG);
	p[5 + 255] = '\0';			/* 255 is fine */
	KUNIT_EXPECT_EQ(test, k_open(p, O_RDONLY, 0), -ENOENT);
	for (int i = 0; i < PATH_MAX; i += 2)
		p[i] = '/', p[i + 1] = '.';
	p[PATH_MAX] = '\0';			/* 4096 bytes: too long */
	KUNIT_EXPECT_EQ(test, k_open(p, O_RDONLY, 0), -ENAMETOOLONG);
	p[PATH_MAX - 2] = '\0';			/* 4094 is fine: "/" */
	KUNIT_EXPECT_GE(test, k_close(k_open(p, O_RDONLY, 0)), 0);
	/* ".." never climbs above the root, and crosses mounts. */
	KUNIT_ASSERT_EQ(test, kern_path("/../../tmp/../tmp/./pe", &a), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/tmp/pe", &b), 0);
	EXPECT_PTR_EQ(test, a.dentry, b.dentry);
	EXPECT_PTR_EQ(test, a.mnt, b.mnt);
	path_put(&a);
	path_put(&b);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/pe"), 0);
	kfree(p);
}

static void
vfs_cwd(struct kunit *test)
{
	char buf[64];

	KUNIT_EXPECT_EQ(test, sys_getcwd(L(buf), 64, 0, 0, 0, 0), 2);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "/"), 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/cw"), 0);
	KUNIT_EXPECT_EQ(test, sys_chdir(L("/tmp/cw"), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_getcwd(L(buf), 64, 0, 0, 0, 0), 8);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "/tmp/cw"), 0);
	KUNIT_EXPECT_EQ(test, sys_getcwd(L(buf), 7, 0, 0, 0, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, make_file("rel", 'r', 1), 0);	/* relative */
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/cw/rel"), 0);
	KUNIT_EXPECT_EQ(test, sys_chdir(L(".."), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_getcwd(L(buf), 64, 0, 0, 0, 0), 5);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "/tmp"), 0);
	KUNIT_EXPECT_EQ(test, sys_chdir(L("/dev/null"), 0, 0, 0, 0, 0),
			-ENOTDIR);
	KUNIT_EXPECT_EQ(test, sys_chdir(L("/tmp/cw"), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/cw"), 0);	/* cwd removed */
	KUNIT_EXPECT_EQ(test, sys_getcwd(L(buf), 64, 0, 0, 0, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, make_file("x", 'x', 1), -ENOENT);
}

/* ---- mounts ---- */

static void
vfs_mount_umount(struct kunit *test)
{
	struct linux_statfs sfs;
	struct linux_stat st;
	struct path a, b;
	long fd;

	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/mnt"), 0);
	KUNIT_EXPECT_EQ(test, do_mount("none", "/tmp/mnt", "nofs", 0), -ENODEV);
	KUNIT_EXPECT_EQ(test, do_umount("/tmp/mnt", 0), -EINVAL);
	KUNIT_ASSERT_EQ(test, sys_mount(L("none"), L("/tmp/mnt"), L("tmpfs"),
					MS_MGC_VAL, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, do_mount("none", "/tmp/mnt", "tmpfs", 0), 0);
	KUNIT_EXPECT_EQ(test, do_umount("/tmp/mnt", 0), 0);	/* stacked */
	KUNIT_EXPECT_EQ(test, sys_statfs(L("/tmp/mnt"), L(&sfs), 0, 0, 0, 0),
			0);
	KUNIT_EXPECT_EQ(test, sfs.f_type, TMPFS_MAGIC);
	KUNIT_EXPECT_EQ(test, sfs.f_namelen, NAME_MAX);
	KUNIT_ASSERT_EQ(test, make_file("/tmp/mnt/inner", 'i', 100), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/tmp/mnt/..", &a), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/tmp", &b), 0);
	EXPECT_PTR_EQ(test, a.dentry, b.dentry);	/* .. leaves it */
	path_put(&a);
	path_put(&b);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/mnt"), -EBUSY);
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/mnt/inner", "/tmp/out"), -EXDEV);
	fd = k_open("/tmp/mnt/inner", O_RDONLY, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, sys_umount2(L("/tmp/mnt"), 0, 0, 0, 0, 0),
			-EBUSY);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, sys_chdir(L("/tmp/mnt"), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, do_umount("/tmp/mnt", 0), -EBUSY); /* cwd */
	KUNIT_EXPECT_EQ(test, sys_chdir(L("/"), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_umount2(L("/tmp/mnt"), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/mnt/inner", &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_umount("/", 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/mnt"), 0);
}

/* ---- procfs, sysctl, devices ---- */

static char *
slurp(struct kunit *test, const char *path, long *len)
{
	char *buf = kzalloc(65536, GFP_KERNEL);
	struct file *f = filp_open(path, O_RDONLY, 0);
	long n = 0, r;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	while ((r = kernel_read(f, buf + n, 100, NULL)) > 0)	/* in bits */
		n += r;
	fput(f);
	KUNIT_EXPECT_EQ(test, r, 0);
	*len = n;
	return buf;
}

static const char *
find_char(const char *l, int c, const char *end)
{
	for (; l < end; l++)
		if (*l == c)
			return l;
	return NULL;
}

static bool
meminfo_line_ok(const char *l, const char *end)
{
	const char *colon = find_char(l, ':', end);

	if (!colon || colon - l >= 16 || end - l != 16 + 8 + 3)
		return false;
	for (const char *c = colon + 1; c < l + 16; c++)
		if (*c != ' ')
			return false;
	return !memcmp(end - 3, " kB", 3) && end[-4] >= '0' && end[-4] <= '9';
}

static void
vfs_proc_meminfo(struct kunit *test)
{
	static const char *const want[] = {
		"MemTotal:", "MemFree:", "Cached:", "Dirty:", "Writeback:",
		"AnonPages:", "Shmem:", "PageTables:",
	};
	char line[64];
	long len, lines = 0;
	char *buf = slurp(test, "/proc/meminfo", &len);

	KUNIT_EXPECT_GT(test, len, 0);
	for (char *l = buf, *nl; l < buf + len; l = nl + 1) {
		nl = strchr(l, '\n');
		KUNIT_ASSERT_NOT_NULL(test, nl);
		KUNIT_EXPECT_TRUE(test, meminfo_line_ok(l, nl));
		lines++;
	}
	KUNIT_EXPECT_GE(test, lines, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want[i]));
	snprintf(line, sizeof(line), "MemTotal:       %8lu kB\n",
		 totalram_pages() * (PAGE_SIZE / 1024));
	KUNIT_EXPECT_EQ(test, strncmp(buf, line, strlen(line)), 0);
	kfree(buf);
}

/* "name value": a name, one space, a decimal number. */
static bool
vmstat_line_ok(const char *l, const char *end)
{
	const char *sp = find_char(l, ' ', end);

	if (!sp || sp == l || sp + 1 == end)
		return false;
	for (const char *c = sp + 1; c < end; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

static void
vfs_proc_vmstat(struct kunit *test)
{
	long len, lines = 0;
	char *buf = slurp(test, "/proc/vmstat", &len);

	for (char *l = buf, *nl; l < buf + len; l = nl + 1) {
		nl = strchr(l, '\n');
		KUNIT_ASSERT_NOT_NULL(test, nl);
		KUNIT_EXPECT_TRUE(test, vmstat_line_ok(l, nl));
		lines++;
	}
	KUNIT_EXPECT_GE(test, lines, NR_VM_NODE_STAT_ITEMS + NR_VM_EVENT_ITEMS);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "nr_free_pages "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\nnr_dirty "));
	kfree(buf);
	buf = slurp(test, "/proc/mounts", &len);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " /tmp tmpfs "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " /proc proc "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " /dev devfs "));
	kfree(buf);
}

static long knob = 5;
static char table_text[32] = "hello\n";

static int
table_read(char *buf, size_t len)
{
	return strlcpy(buf, table_text, len);
}

static int
table_write(const char *buf, size_t len)
{
	if (len >= sizeof(table_text))
		return -EINVAL;
	strlcpy(table_text, buf, sizeof(table_text));
	return 0;
}

static struct ctl_table test_table = {
	.procname = "vfs_test_table",
	.read = table_read,
	.write = table_write,
};

static long
sysctl_rw(const char *path, const char *in, char *out, long outlen)
{
	long fd = k_open(path, in ? O_WRONLY : O_RDONLY, 0), r;

	if (fd < 0)
		return fd;
	r = in ? k_write(fd, in, strlen(in)) : k_read(fd, out, outlen - 1);
	if (!in && r >= 0)
		out[r] = '\0';
	k_close(fd);
	return r;
}

static void
vfs_sysctl_roundtrip(struct kunit *test)
{
	const char *p = "/proc/sys/vm/vfs_test_knob";
	char buf[64], names[16][16];
	unsigned char types[16];
	static bool registered;
	long fd;
	int n;

	if (!registered) {
		KUNIT_ASSERT_EQ(test, register_sysctl_vm("vfs_test_knob", &knob,
							 0, 100), 0);
		KUNIT_ASSERT_EQ(test, register_sysctl_vm_table(&test_table), 0);
		registered = true;
	}
	KUNIT_EXPECT_EQ(test, register_sysctl_vm("vfs_test_knob", &knob, 0,
						 100), -EEXIST);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, NULL, buf, 64), 2);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "5\n"), 0);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, "42\n", NULL, 0), 3);
	KUNIT_EXPECT_EQ(test, knob, 42);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, NULL, buf, 64), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "42\n"), 0);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, "101", NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, "-1", NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, "7x", NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, knob, 42);
	KUNIT_EXPECT_EQ(test, sysctl_vm_write("vfs_test_knob", "5", 1), 0);
	KUNIT_EXPECT_EQ(test, knob, 5);
	p = "/proc/sys/vm/vfs_test_table";
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, NULL, buf, 64), 6);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "hello\n"), 0);
	KUNIT_EXPECT_EQ(test, sysctl_rw(p, "bye\n", NULL, 0), 4);
	KUNIT_EXPECT_EQ(test, sysctl_vm_read("vfs_test_table", buf, 64), 4);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "bye\n", 4), 0);
	strlcpy(table_text, "hello\n", sizeof(table_text));
	fd = k_open("/proc/sys/vm", O_RDONLY | O_DIRECTORY, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	n = list_dir(test, fd, 512, names, 16, types);
	KUNIT_EXPECT_EQ(test, find_name(names, n, "vfs_test_knob"), 1);
	KUNIT_EXPECT_EQ(test, find_name(names, n, "vfs_test_table"), 1);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_open("/proc/sys/vm/nope", O_RDONLY, 0),
			-ENOENT);
}

static void
vfs_dev_null_zero(struct kunit *test)
{
	struct linux_stat st;
	char buf[100];
	long fd;

	fd = k_open("/dev/null", O_RDWR, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 100), 0);
	KUNIT_EXPECT_EQ(test, k_write(fd, buf, 100), 100);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode & S_IFMT, S_IFCHR);
	KUNIT_EXPECT_EQ(test, st.st_rdev, 0x103);	/* 1:3 */
	k_close(fd);
	fd = k_open("/dev/zero", O_RDWR, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	memset(buf, 0xff, sizeof(buf));
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 100), 100);
	for (int i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0);
	KUNIT_EXPECT_EQ(test, k_write(fd, buf, 100), 100);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_stat("/dev/console", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_rdev, 0x501);
	KUNIT_EXPECT_EQ(test, k_open("/dev/nodev", O_RDONLY, 0), -ENOENT);
}

/* ---- shmem: memfd_create and shared anonymous memory ---- */

static void
vfs_memfd_shmem(struct kunit *test)
{
	long shmem0 = global_node_page_state(NR_SHMEM);
	struct vm_area_struct vma = { 0 };
	struct vm_fault vmf = { 0 };
	char buf[300];
	struct file *f;
	struct folio *folio;
	long fd;

	memset(buf, 'm', 251);
	buf[251] = '\0';
	KUNIT_EXPECT_EQ(test, sys_memfd_create(L(buf), 0, 0, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_memfd_create(L("t"), 0x100, 0, 0, 0, 0),
			-EINVAL);
	fd = sys_memfd_create(L("test"), MFD_CLOEXEC, 0, 0, 0, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, sys_fcntl(fd, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
	KUNIT_EXPECT_EQ(test, sys_ftruncate(fd, 3 * PAGE_SIZE, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, k_write(fd, "persist", 7), 7);
	f = fget(fd);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, strcmp(f->f_dentry->d_name, "memfd:test"), 0);
	KUNIT_EXPECT_EQ(test, f->f_inode->i_nlink, 0);	/* never linked */
	KUNIT_EXPECT_TRUE(test, shmem_mapping(f->f_mapping));
	KUNIT_EXPECT_FALSE(test, mapping_can_writeback(f->f_mapping));
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SHMEM), shmem0 + 1);

	/* Its mmap ops: a fault handler and no page_mkwrite. */
	KUNIT_ASSERT_EQ(test, f->f_op->mmap(f, &vma), 0);
	KUNIT_ASSERT_NOT_NULL(test, vma.vm_ops);
	KUNIT_EXPECT_NULL(test, vma.vm_ops->page_mkwrite);
	vma.vm_file = f;
	vmf.vma = &vma;
	vmf.pgoff = 0;
	KUNIT_ASSERT_EQ(test, vma.vm_ops->fault(&vmf), VM_FAULT_LOCKED);
	folio = page_folio(vmf.page);
	KUNIT_EXPECT_TRUE(test, folio_test_swapbacked(folio));
	KUNIT_EXPECT_EQ(test, memcmp(folio_address(folio), "persist", 7), 0);
	folio_unlock(folio);
	folio_put(folio);
	vmf.pgoff = 3;				/* past i_size */
	KUNIT_EXPECT_EQ(test, vma.vm_ops->fault(&vmf), VM_FAULT_SIGBUS);

	/* The data outlives the fd, as long as a reference remains. */
	k_close(fd);
	memset(buf, 0, 8);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 7, &(loff_t){ 0 }), 7);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "persist"), 0);
	fput(f);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SHMEM), shmem0);
}

static void
vfs_shared_anon_setup(struct kunit *test)
{
	struct vm_area_struct vma = {
		.vm_start = 0x100000, .vm_end = 0x104000,
		.vm_flags = VM_SHARED | VM_READ | VM_WRITE,
	};

	KUNIT_ASSERT_EQ(test, shmem_zero_setup(&vma), 0);
	KUNIT_ASSERT_NOT_NULL(test, vma.vm_file);
	KUNIT_EXPECT_EQ(test, i_size_read(vma.vm_file->f_inode), 0x4000);
	KUNIT_EXPECT_TRUE(test, shmem_mapping(vma.vm_file->f_mapping));
	KUNIT_EXPECT_FALSE(test, vma_is_anonymous(&vma));
	KUNIT_EXPECT_NULL(test, vma.vm_ops->page_mkwrite);
	fput(vma.vm_file);
}

/* generic_file_mmap gives page_mkwrite only to writeback mappings. */
static int
dummy_read_folio(struct file *file, struct folio *f)
{
	folio_unlock(f);
	return 0;
}

static const struct address_space_operations dummy_aops = {
	.read_folio = dummy_read_folio,
};

static void
vfs_generic_mmap_ops(struct kunit *test)
{
	static struct backing_dev_info wb = { "t", BDI_CAP_WRITEBACK };
	struct address_space m = { .a_ops = &dummy_aops };
	struct vm_area_struct vma = { 0 };
	struct file f = { .f_mapping = &m };

	m.bdi = &noop_backing_dev_info;
	KUNIT_EXPECT_EQ(test, generic_file_mmap(&f, &vma), 0);
	KUNIT_EXPECT_NULL(test, vma.vm_ops->page_mkwrite);
	m.bdi = &wb;
	KUNIT_EXPECT_EQ(test, generic_file_mmap(&f, &vma), 0);
	KUNIT_EXPECT_NOT_NULL(test, vma.vm_ops->page_mkwrite);
	EXPECT_PTR_EQ(test, vma.vm_ops, &generic_file_vm_ops);
}

static void
vfs_truncate(struct kunit *test)
{
	char buf[16];
	struct linux_stat st;
	long fd;

	KUNIT_ASSERT_EQ(test, make_file("/tmp/tr", 't', 2 * PAGE_SIZE), 0);
	fd = k_open("/tmp/tr", O_RDWR, 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, sys_ftruncate(fd, 10, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 10);
	KUNIT_EXPECT_EQ(test, st.st_blocks, 8);		/* one page left */
	KUNIT_EXPECT_EQ(test, sys_ftruncate(fd, 20, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_pread64(fd, L(buf), 16, 6, 0, 0), 14);
	KUNIT_EXPECT_MEMEQ(test, buf, "tttt\0\0\0\0\0\0\0\0\0\0", 14);
	KUNIT_EXPECT_EQ(test, sys_ftruncate(fd, -1, 0, 0, 0, 0), -EINVAL);
	k_close(fd);
	fd = k_open("/tmp/tr", O_RDONLY, 0);
	KUNIT_EXPECT_EQ(test, sys_ftruncate(fd, 0, 0, 0, 0, 0), -EINVAL);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/tr"), 0);
}

/* ---- initramfs ---- */

static size_t
cpio_add(char *buf, size_t off, const char *name, unsigned long mode,
	 const char *data, size_t len)
{
	size_t nlen = strlen(name) + 1;

	off += snprintf(buf + off, 111,
			"070701%08lX%08lX%08X%08X%08X%08X%08lX%08X%08X%08X"
			"%08X%08lX%08X", 0UL, mode, 0, 0, 1, 1234, len, 0, 0,
			0, 0, nlen, 0);
	memcpy(buf + off, name, nlen);
	off = ALIGN(off + nlen, 4);
	memcpy(buf + off, data, len);
	return ALIGN(off + len, 4);
}

static void
vfs_initramfs_unpack(struct kunit *test)
{
	char *buf = kzalloc(4096, GFP_KERNEL);
	struct linux_stat st;
	char data[16];
	size_t n = 0;
	long fd;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = cpio_add(buf, n, ".", S_IFDIR | 0755, "", 0);
	n = cpio_add(buf, n, "etc", S_IFDIR | 0700, "", 0);
	n = cpio_add(buf, n, "etc/motd", S_IFREG | 0640, "hi there", 8);
	n = cpio_add(buf, n, "etc/link", S_IFLNK | 0777, "motd", 4);
	n = cpio_add(buf, n, "TRAILER!!!", 0, "", 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/cpio"), 0);
	KUNIT_EXPECT_EQ(test, unpack_cpio(buf, n, "/tmp/cpio"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/cpio/etc", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0700);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/cpio/etc/motd", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0640);
	KUNIT_EXPECT_EQ(test, st.st_mtime, 1234);
	KUNIT_EXPECT_EQ(test, sys_lstat(L("/tmp/cpio/etc/link"), L(&st), 0, 0,
					0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode & S_IFMT, S_IFLNK);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/cpio/etc/link", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 8);		/* motd, followed */
	fd = k_open("/tmp/cpio/etc/motd", O_RDONLY, 0);
	KUNIT_EXPECT_EQ(test, k_read(fd, data, 16), 8);
	KUNIT_EXPECT_MEMEQ(test, data, "hi there", 8);
	k_close(fd);
	buf[3] = 'X';				/* bad magic */
	KUNIT_EXPECT_EQ(test, unpack_cpio(buf, n, "/tmp/cpio"), -EINVAL);
	KUNIT_EXPECT_EQ(test, unpack_cpio(buf + 112, 50, "/tmp/cpio"), -EINVAL);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/cpio/etc/link"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/cpio/etc/motd"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/cpio/etc"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/cpio"), 0);
	kfree(buf);
}

/* A hard link shares the inode; data survives removing either name. */
static void
vfs_link(struct kunit *test)
{
	struct linux_stat a, b;

	KUNIT_ASSERT_EQ(test, make_file("/tmp/ln1", 'l', 5), 0);
	KUNIT_EXPECT_EQ(test, sys_link(L("/tmp/ln1"), L("/tmp/ln2"), 0, 0, 0,
				       0), 0);
	KUNIT_EXPECT_EQ(test, sys_link(L("/tmp"), L("/tmp/ln3"), 0, 0, 0, 0),
			-EPERM);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/ln1", &a), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/ln2", &b), 0);
	KUNIT_EXPECT_EQ(test, a.st_ino, b.st_ino);
	KUNIT_EXPECT_EQ(test, b.st_nlink, 2);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/ln1"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/ln2", &b), 0);
	KUNIT_EXPECT_EQ(test, b.st_nlink, 1);
	KUNIT_EXPECT_EQ(test, b.st_size, 5);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/ln2"), 0);
}

/* ---- pipes ---- */

static int
late_writer(void *arg)
{
	struct file *f = arg;

	msleep(50);
	kernel_write(f, "late", 4, NULL);
	fput(f);		/* the last write end: readers see EOF */
	return 0;
}

static void
vfs_pipe(struct kunit *test)
{
	static char big[5000];
	struct linux_stat st;
	struct task_struct *t;
	int fds[2];
	char buf[16];

	KUNIT_ASSERT_EQ(test, sys_pipe(L(fds), 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, k_write(fds[1], "abc", 3), 3);
	KUNIT_EXPECT_EQ(test, k_read(fds[0], buf, 16), 3);
	KUNIT_EXPECT_MEMEQ(test, buf, "abc", 3);
	KUNIT_EXPECT_EQ(test, sys_fstat(fds[0], L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode & S_IFMT, S_IFIFO);
	KUNIT_EXPECT_EQ(test, sys_lseek(fds[0], 0, SEEK_SET, 0, 0, 0), -ESPIPE);
	KUNIT_EXPECT_EQ(test, k_read(fds[1], buf, 1), -EBADF);
	/* A blocked reader is woken by the writer, then sees EOF. */
	t = kthread_run(late_writer, fget(fds[1]), "pipe-writer");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	k_close(fds[1]);
	KUNIT_EXPECT_EQ(test, k_read(fds[0], buf, 16), 4);
	KUNIT_EXPECT_MEMEQ(test, buf, "late", 4);
	KUNIT_EXPECT_EQ(test, k_read(fds[0], buf, 16), 0);
	kthread_join(t);
	k_close(fds[0]);

	KUNIT_ASSERT_EQ(test, sys_pipe2(L(fds), O_NONBLOCK | O_CLOEXEC, 0, 0,
					0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_fcntl(fds[0], F_GETFD, 0, 0, 0, 0),
			FD_CLOEXEC);
	KUNIT_EXPECT_EQ(test, k_read(fds[0], buf, 16), -EAGAIN);
	KUNIT_EXPECT_EQ(test, k_write(fds[1], big, 5000), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, k_write(fds[1], big, 1), -EAGAIN); /* full */
	k_close(fds[0]);
	KUNIT_EXPECT_EQ(test, k_write(fds[1], big, 1), -EPIPE);
	k_close(fds[1]);
	KUNIT_EXPECT_EQ(test, sys_pipe2(L(fds), 0x1, 0, 0, 0, 0), -EINVAL);
}

/* ---- symlinks ---- */

static long
k_symlink(const char *target, const char *path)
{
	return sys_symlink(L(target), L(path), 0, 0, 0, 0);
}

static void
vfs_symlink(struct kunit *test)
{
	struct linux_stat st;
	char buf[32];
	long fd;

	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/sl"), 0);
	KUNIT_ASSERT_EQ(test, k_mkdir("/tmp/sl/dir"), 0);
	KUNIT_ASSERT_EQ(test, make_file("/tmp/sl/dir/f", 'f', 3), 0);
	KUNIT_EXPECT_EQ(test, k_symlink("dir/f", "/tmp/sl/rel"), 0);
	KUNIT_EXPECT_EQ(test, k_symlink("/tmp/sl/dir", "/tmp/sl/abs"), 0);
	KUNIT_EXPECT_EQ(test, k_symlink("x", "/tmp/sl/rel"), -EEXIST);
	KUNIT_EXPECT_EQ(test, k_symlink("", "/tmp/sl/e"), -ENOENT);
	/* stat follows, lstat does not; readlink gives the target. */
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/rel", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode & S_IFMT, S_IFREG);
	KUNIT_EXPECT_EQ(test, st.st_size, 3);
	KUNIT_EXPECT_EQ(test, sys_lstat(L("/tmp/sl/rel"), L(&st), 0, 0, 0, 0),
			0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFLNK | 0777);
	KUNIT_EXPECT_EQ(test, st.st_size, 5);
	KUNIT_EXPECT_EQ(test, sys_readlink(L("/tmp/sl/rel"), L(buf), 32, 0, 0,
					   0), 5);
	KUNIT_EXPECT_MEMEQ(test, buf, "dir/f", 5);
	KUNIT_EXPECT_EQ(test, sys_readlink(L("/tmp/sl/rel"), L(buf), 2, 0, 0,
					   0), 2);
	KUNIT_EXPECT_EQ(test, sys_readlink(L("/tmp/sl/dir"), L(buf), 32, 0, 0,
					   0), -EINVAL);
	/* A link in the middle of a path; opening through links. */
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/abs/f", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 3);
	fd = k_open("/tmp/sl/rel", O_RDONLY, 0);
	KUNIT_EXPECT_EQ(test, k_read(fd, buf, 32), 3);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_open("/tmp/sl/rel", O_RDONLY | O_NOFOLLOW, 0),
			-ELOOP);
	fd = k_open("/tmp/sl/rel", O_WRONLY | O_CREAT | O_APPEND, 0644);
	KUNIT_EXPECT_EQ(test, k_write(fd, "g", 1), 1);	/* into the target */
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/dir/f", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 4);
	/* Loops and dangling links. */
	KUNIT_EXPECT_EQ(test, k_symlink("loop2", "/tmp/sl/loop1"), 0);
	KUNIT_EXPECT_EQ(test, k_symlink("loop1", "/tmp/sl/loop2"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/loop1", &st), -ELOOP);
	KUNIT_EXPECT_EQ(test, k_symlink("nowhere", "/tmp/sl/dangle"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/dangle", &st), -ENOENT);
	/* unlink and rename act on the link itself. */
	KUNIT_EXPECT_EQ(test, k_rename("/tmp/sl/abs", "/tmp/sl/abs2"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/abs2/f", &st), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/abs2"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/sl/dir/f", &st), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/rel"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/loop1"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/loop2"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/dangle"), 0);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/sl/dir/f"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/sl/dir"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/sl"), 0);
}

/* umask applies to creating syscalls; readv/writev walk segments. */
static void
vfs_umask_iovec(struct kunit *test)
{
	struct { const char *base; unsigned long len; } wv[2] = {
		{ "ab", 2 }, { "cde", 3 },
	};
	char b1[3] = { 0 }, b2[8] = { 0 };
	struct { char *base; unsigned long len; } rv[2] = {
		{ b1, 3 }, { b2, 8 },
	};
	struct linux_stat st;
	long fd;

	KUNIT_EXPECT_EQ(test, sys_umask(077, 0, 0, 0, 0, 0), 022);
	fd = k_open("/tmp/um", O_CREAT | O_RDWR, 0666);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0600);
	KUNIT_EXPECT_EQ(test, k_mkdir("/tmp/umd"), 0);
	KUNIT_EXPECT_EQ(test, k_stat("/tmp/umd", &st), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0700);
	KUNIT_EXPECT_EQ(test, sys_umask(022, 0, 0, 0, 0, 0), 077);
	KUNIT_EXPECT_EQ(test, sys_writev(fd, L(wv), 2, 0, 0, 0), 5);
	KUNIT_EXPECT_EQ(test, sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_readv(fd, L(rv), 2, 0, 0, 0), 5);
	KUNIT_EXPECT_MEMEQ(test, b1, "abc", 3);
	KUNIT_EXPECT_MEMEQ(test, b2, "de", 3);
	KUNIT_EXPECT_EQ(test, sys_readv(fd, L(rv), -1, 0, 0, 0), -EINVAL);
	k_close(fd);
	KUNIT_EXPECT_EQ(test, k_unlink("/tmp/um"), 0);
	KUNIT_EXPECT_EQ(test, k_rmdir("/tmp/umd"), 0);
}

static struct kunit_case vfs_cases[] = {
	KUNIT_CASE(vfs_file_rw_seek),
	KUNIT_CASE(vfs_file_syscalls),
	KUNIT_CASE(vfs_kernel_pointer_refused),
	KUNIT_CASE(vfs_mkdir_rmdir),
	KUNIT_CASE(vfs_unlink_open_file),
	KUNIT_CASE(vfs_rename),
	KUNIT_CASE(vfs_getdents),
	KUNIT_CASE(vfs_path_errors),
	KUNIT_CASE(vfs_cwd),
	KUNIT_CASE(vfs_mount_umount),
	KUNIT_CASE(vfs_proc_meminfo),
	KUNIT_CASE(vfs_proc_vmstat),
	KUNIT_CASE(vfs_sysctl_roundtrip),
	KUNIT_CASE(vfs_dev_null_zero),
	KUNIT_CASE(vfs_memfd_shmem),
	KUNIT_CASE(vfs_shared_anon_setup),
	KUNIT_CASE(vfs_generic_mmap_ops),
	KUNIT_CASE(vfs_truncate),
	KUNIT_CASE(vfs_initramfs_unpack),
	KUNIT_CASE(vfs_link),
	KUNIT_CASE(vfs_pipe),
	KUNIT_CASE(vfs_symlink),
	KUNIT_CASE(vfs_umask_iovec),
	{},
};

static struct kunit_suite vfs_suite = {
	.name = "vfs",
	.init = vfs_case_init,
	.exit = vfs_case_exit,
	.test_cases = vfs_cases,
};
kunit_test_suite(vfs_suite);

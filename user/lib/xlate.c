/*
 * The one place where newlib's and Linux's values meet: errno codes,
 * open/at flags, fcntl commands, signal numbers, wait statuses, struct
 * stat and clock ticks. Each map works on the parallel value tables of
 * abi_linux.c and abi_newlib.c (see abi.h), so no errno, flag or signal
 * value is written here. Also sets errno for the wrappers (sys_ret and
 * friends).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

/*
 * Linux's field names (st_atime, ...) are newlib macros for
 * st_atim.tv_sec; drop the macros to read struct linux_stat, and name
 * newlib's fields in full below.
 */
#undef st_atime
#undef st_mtime
#undef st_ctime
#include <uapi/stat.h>

#include "abi.h"
#include "glue.h"

#define NEWLIB (&__pinos_abi_newlib)
#define LINUX (&__pinos_abi_linux)

/* Index of v in tab[n], or -1. */
static int
find(const int *tab, int n, int v)
{
	int i;

	for (i = 0; i < n; i++)
		if (tab[i] == v)
			return i;
	return -1;
}

/* Map a value; one that is not in the table maps to dflt. */
static int
map_value(const int *from, const int *to, int n, int v, int dflt)
{
	int i = find(from, n, v);

	return i < 0 ? dflt : to[i];
}

/* Map each flag set in v; bits that are not in the table are dropped. */
static int
map_bits(const int *from, const int *to, int n, int v)
{
	int i, out = 0;

	for (i = 0; i < n; i++)
		if ((v & from[i]) == from[i])
			out |= to[i];
	return out;
}

int
xlate_errno_from_linux(int e)
{
	return map_value(LINUX->errnos, NEWLIB->errnos, PINOS_NERRNO, e, EIO);
}

/* The access mode (O_RDONLY 0, O_WRONLY 1, O_RDWR 2) agrees. */
int
xlate_oflags_to_linux(int flags)
{
	return (flags & O_ACCMODE) | map_bits(NEWLIB->oflags, LINUX->oflags,
	    PINOS_NOFLAG, flags & ~O_ACCMODE);
}

int
xlate_oflags_from_linux(int flags)
{
	return (flags & O_ACCMODE) | map_bits(LINUX->oflags, NEWLIB->oflags,
	    PINOS_NOFLAG, flags & ~O_ACCMODE);
}

int
xlate_atflags_to_linux(int flags)
{
	return map_bits(NEWLIB->atflags, LINUX->atflags, PINOS_NATFLAG,
	    flags);
}

/* Programs may pass newlib's AT_FDCWD (-2) or Linux's (-100). */
int
xlate_dirfd_to_linux(int dirfd)
{
	return dirfd == NEWLIB->at_fdcwd ? LINUX->at_fdcwd : dirfd;
}

/* -1 for a command the kernel does not know. */
int
xlate_fcntl_to_linux(int cmd)
{
	return map_value(NEWLIB->fcntls, LINUX->fcntls, PINOS_NFCNTL, cmd, -1);
}

/* -1 for a newlib signal Linux lacks (SIGEMT, SIGLOST); 0 stays 0. */
int
xlate_signal_to_linux(int sig)
{
	if (sig == 0)
		return 0;
	return map_value(NEWLIB->signals, LINUX->signals, PINOS_NSIGNAL, sig,
	    -1);
}

int
xlate_signal_from_linux(int sig)
{
	return map_value(LINUX->signals, NEWLIB->signals, PINOS_NSIGNAL, sig,
	    sig);
}

/*
 * A wait status keeps Linux's encoding (newlib's W* macros decode the
 * same layout) but its signal numbers become newlib's, so WTERMSIG()
 * compares equal to newlib's SIGSEGV and friends. Layout: exited
 * (code << 8), signalled (sig | 0x80 if core), stopped (sig << 8 |
 * 0x7f), continued 0xffff.
 */
int
xlate_status_from_linux(int status)
{
	int low = status & 0x7f;

	if (status == 0xffff || low == 0)
		return status;
	if (low == 0x7f) {
		int sig = (status >> 8) & 0xff;

		return (status & ~0xff00) |
		    (xlate_signal_from_linux(sig) << 8);
	}
	return (status & ~0x7f) | xlate_signal_from_linux(low);
}

/*
 * newlib's struct stat has 16-bit st_dev, st_ino, st_nlink, st_uid and
 * st_gid: those are truncated. Compare inode numbers only for files of
 * one small file system.
 */
void
xlate_stat_from_linux(struct stat *st, const struct linux_stat *ls)
{
	st->st_dev = ls->st_dev;
	st->st_ino = ls->st_ino;
	st->st_mode = ls->st_mode;
	st->st_nlink = ls->st_nlink;
	st->st_uid = ls->st_uid;
	st->st_gid = ls->st_gid;
	st->st_rdev = ls->st_rdev;
	st->st_size = ls->st_size;
	st->st_atim.tv_sec = ls->st_atime;
	st->st_atim.tv_nsec = ls->st_atime_nsec;
	st->st_mtim.tv_sec = ls->st_mtime;
	st->st_mtim.tv_nsec = ls->st_mtime_nsec;
	st->st_ctim.tv_sec = ls->st_ctime;
	st->st_ctim.tv_nsec = ls->st_ctime_nsec;
	st->st_blksize = ls->st_blksize;
	st->st_blocks = ls->st_blocks;
	st->st_spare4[0] = 0;
	st->st_spare4[1] = 0;
}

/*
 * times() counts Linux USER_HZ ticks; newlib's clock() returns times()
 * sums as CLOCKS_PER_SEC units, so rescale.
 */
_Static_assert(CLOCKS_PER_SEC % LINUX_USER_HZ == 0, "tick scale");

long
xlate_ticks_from_linux(long ticks)
{
	return ticks * (CLOCKS_PER_SEC / LINUX_USER_HZ);
}

/*
 * newlib's reentrant wrappers (_read_r, ...) copy the global "errno"
 * variable into the caller's reent structure; programs read the
 * structure through the errno macro. Set both.
 */
#undef errno
extern int errno;

long
sys_fail(int newlib_errno)
{
	errno = newlib_errno;
	*__errno() = newlib_errno;
	return -1;
}

long
sys_ret(long r)
{
	if (SYS_IS_ERR(r))
		return sys_fail(xlate_errno_from_linux((int)-r));
	return r;
}

void *
sys_ret_ptr(long r)
{
	if (SYS_IS_ERR(r)) {
		sys_fail(xlate_errno_from_linux((int)-r));
		return (void *)-1;
	}
	return (void *)r;
}

/*
 * Name lists of the constants whose values differ between newlib and
 * the Linux ABI the pinos kernel speaks. No file can see both sets of
 * values at once (the two define the same macro names), so
 * abi_linux.c expands each list with the kernel's values and
 * abi_newlib.c with newlib's, into arrays in the same order; xlate.c
 * then maps between them by index. Adding a name means adding it here
 * only. Every errno name of include/uapi/errno.h must be listed: an
 * error missing from the list reaches user space as EIO.
 */
#ifndef _PINOS_USER_ABI_H
#define _PINOS_USER_ABI_H

#define PINOS_ERRNO_LIST(X)                                                \
	X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG)      \
	X(ENOEXEC) X(EBADF) X(ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES)        \
	X(EFAULT) X(ENOTBLK) X(EBUSY) X(EEXIST) X(EXDEV) X(ENODEV)         \
	X(ENOTDIR) X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) X(ENOTTY)       \
	X(ETXTBSY) X(EFBIG) X(ENOSPC) X(ESPIPE) X(EROFS) X(EMLINK)         \
	X(EPIPE) X(EDOM) X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) X(ENOLCK)    \
	X(ENOSYS) X(ENOTEMPTY) X(ELOOP) X(ENODATA) X(EOVERFLOW)            \
	X(EUCLEAN) X(EOPNOTSUPP) X(ETIMEDOUT)

/* Single-bit open(2) flags; the access mode (low two bits) agrees. */
#define PINOS_OFLAG_LIST(X)                                                \
	X(O_CREAT) X(O_EXCL) X(O_NOCTTY) X(O_TRUNC) X(O_APPEND)            \
	X(O_NONBLOCK) X(O_SYNC) X(O_DIRECT) X(O_DIRECTORY) X(O_NOFOLLOW)   \
	X(O_CLOEXEC)

/* flags of the *at() calls */
#define PINOS_ATFLAG_LIST(X)                                               \
	X(AT_SYMLINK_NOFOLLOW) X(AT_REMOVEDIR) X(AT_SYMLINK_FOLLOW)        \
	X(AT_EMPTY_PATH)

#define PINOS_FCNTL_LIST(X)                                                \
	X(F_DUPFD) X(F_GETFD) X(F_SETFD) X(F_GETFL) X(F_SETFL)             \
	X(F_DUPFD_CLOEXEC)

/* The signals both sides know; the rest keep their number. */
#define PINOS_SIGNAL_LIST(X)                                               \
	X(SIGHUP) X(SIGINT) X(SIGQUIT) X(SIGILL) X(SIGTRAP) X(SIGABRT)     \
	X(SIGBUS) X(SIGFPE) X(SIGKILL) X(SIGUSR1) X(SIGSEGV) X(SIGUSR2)    \
	X(SIGPIPE) X(SIGALRM) X(SIGTERM) X(SIGCHLD) X(SIGCONT) X(SIGSTOP)  \
	X(SIGTSTP) X(SIGTTIN) X(SIGTTOU) X(SIGURG) X(SIGXCPU) X(SIGXFSZ)   \
	X(SIGVTALRM) X(SIGPROF) X(SIGWINCH) X(SIGIO) X(SIGSYS)

#define PINOS_ABI_COUNT(name) +1

enum {
	PINOS_NERRNO = 0 PINOS_ERRNO_LIST(PINOS_ABI_COUNT),
	PINOS_NOFLAG = 0 PINOS_OFLAG_LIST(PINOS_ABI_COUNT),
	PINOS_NATFLAG = 0 PINOS_ATFLAG_LIST(PINOS_ABI_COUNT),
	PINOS_NFCNTL = 0 PINOS_FCNTL_LIST(PINOS_ABI_COUNT),
	PINOS_NSIGNAL = 0 PINOS_SIGNAL_LIST(PINOS_ABI_COUNT),
};

/* One side's values, in list order. */
struct pinos_abi {
	int errnos[PINOS_NERRNO];
	int oflags[PINOS_NOFLAG];
	int atflags[PINOS_NATFLAG];
	int fcntls[PINOS_NFCNTL];
	int signals[PINOS_NSIGNAL];
	int at_fdcwd;
};

extern const struct pinos_abi __pinos_abi_linux;
extern const struct pinos_abi __pinos_abi_newlib;

#endif

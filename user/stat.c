/*
 * stat FILE...: print the status of each file as lstat(2) returns it
 * in the kernel's own layout (so the inode and device numbers are not
 * cut to newlib's 16 bits): size, blocks, type, inode, links, mode,
 * owner and the three times (seconds since the epoch).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <uapi/stat.h>

static const char *
type_name(unsigned int mode)
{
	if (S_ISREG(mode))
		return "regular file";
	if (S_ISDIR(mode))
		return "directory";
	if (S_ISLNK(mode))
		return "symbolic link";
	if (S_ISCHR(mode))
		return "character device";
	if (S_ISBLK(mode))
		return "block device";
	if (S_ISFIFO(mode))
		return "fifo";
	if (S_ISSOCK(mode))
		return "socket";
	return "unknown";
}

static int
show(const char *path)
{
	struct linux_stat st;

	if (syscall(__NR_lstat, path, &st) != 0) {
		fprintf(stderr, "stat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("  File: %s\n", path);
	printf("  Size: %-12ld Blocks: %-8ld IO Block: %-6ld %s\n",
	    st.st_size, st.st_blocks, st.st_blksize, type_name(st.st_mode));
	printf("Device: %#lx  Inode: %lu  Links: %lu", st.st_dev, st.st_ino,
	    st.st_nlink);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("  Device type: %lu,%lu", (st.st_rdev >> 8) & 0xfff,
		    (st.st_rdev & 0xff) | ((st.st_rdev >> 12) & 0xfff00));
	printf("\n");
	printf("  Mode: %04o (%06o)  Uid: %u  Gid: %u\n", st.st_mode & 07777,
	    st.st_mode, st.st_uid, st.st_gid);
	printf("Access: %lu.%09lu\nModify: %lu.%09lu\nChange: %lu.%09lu\n",
	    st.st_atime, st.st_atime_nsec, st.st_mtime, st.st_mtime_nsec,
	    st.st_ctime, st.st_ctime_nsec);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: stat FILE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		status |= show(argv[i]);
	return status;
}

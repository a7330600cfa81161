/*
 * persist: write files to the ext2 root in every way pinos can get data
 * to disk, or check them after a reboot. scripts/run-tests.py runs
 * "persist write" in one boot, checks the disk image from the host
 * (e2fsck -fn, debugfs), then runs "persist check" in a second boot.
 *
 *   /persist/write.txt     write(2) then fsync(2)
 *   /persist/msync.bin     stores through MAP_SHARED, then msync(MS_SYNC)
 *   /persist/fsync.bin     stores through MAP_SHARED, then fsync(2)
 *   /persist/flusher.bin   stores through MAP_SHARED, nothing else: the
 *                          flusher thread alone must write it, within
 *                          dirty_expire + dirty_writeback (lowered here)
 *   /persist/sparse.bin    1 MiB sparse file; one store into a hole
 *                          (page 100), block allocated by page_mkwrite
 *
 * "write" never calls sync(2): what reaches the disk got there through
 * the path named above. Exit status 0 means every step worked.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PG 4096
#define NPG 3

static int failures;

static void
fail(const char *what)
{
	printf("persist: FAIL %s\n", what);
	failures++;
}

static char *
map_new(const char *path, size_t len, int *fdp)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *p;

	if (fd < 0 || ftruncate(fd, len) != 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*fdp = fd;
	return p == MAP_FAILED ? NULL : p;
}

static void
write_file(void)
{
	char buf[1000];
	int fd = open("/persist/write.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	memset(buf, 'W', sizeof(buf));
	for (int i = 0; i < 10; i++)
		if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
			fail("write.txt write");
	if (fd < 0 || fsync(fd) != 0)
		fail("write.txt fsync");
	close(fd);
}

static void
mapped_file(const char *path, int byte, int how)
{
	int fd = -1;
	char *p = map_new(path, NPG * PG, &fd);

	if (p == NULL)
		return fail(path);
	memset(p, byte, NPG * PG);
	if (how == 'm' && msync(p, NPG * PG, MS_SYNC) != 0)
		fail("msync");
	if (how == 'f' && fsync(fd) != 0)
		fail("fsync");
	munmap(p, NPG * PG);
	close(fd);
}

static void
set_tunable(const char *name, const char *val)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		fail(path);
	close(fd);
}

static long
meminfo_kb(const char *key)
{
	char buf[2048], *p;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, key);
	return p ? atol(p + strlen(key)) : -1;
}

/* The flusher alone: wait (at most 10 s) for Dirty: to reach zero. */
static void
flusher_file(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int waited;

	set_tunable("dirty_expire_centisecs", "100");
	set_tunable("dirty_writeback_centisecs", "50");
	mapped_file("/persist/flusher.bin", 'L', 0);
	for (waited = 0; waited < 100 && meminfo_kb("Dirty:") > 0; waited++)
		nanosleep(&ts, NULL);
	printf("persist: flusher cleaned everything after %d ms\n",
	       waited * 100);
	if (meminfo_kb("Dirty:") != 0)
		fail("flusher did not write the dirty pages within 10 s");
}

static void
sparse_file(void)
{
	int fd = -1;
	char *p = map_new("/persist/sparse.bin", 1 << 20, &fd);

	if (p == NULL)
		return fail("sparse.bin");
	memset(p + 100 * PG, 'S', PG);
	if (msync(p, 1 << 20, MS_SYNC) != 0)
		fail("sparse msync");
	munmap(p, 1 << 20);
	close(fd);
}

static int
file_is(const char *path, off_t off, size_t len, int byte)
{
	char buf[PG];
	int fd = open(path, O_RDONLY);

	for (size_t done = 0; fd >= 0 && done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (pread(fd, buf, n, off + done) != (ssize_t)n)
			break;
		for (size_t i = 0; i < n; i++)
			if (buf[i] != byte) {
				close(fd);
				return 0;
			}
		if (done + n == len) {
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}

static void
check(void)
{
	if (!file_is("/persist/write.txt", 0, 10000, 'W'))
		fail("write.txt content");
	if (!file_is("/persist/msync.bin", 0, NPG * PG, 'M'))
		fail("msync.bin content");
	if (!file_is("/persist/fsync.bin", 0, NPG * PG, 'F'))
		fail("fsync.bin content");
	if (!file_is("/persist/flusher.bin", 0, NPG * PG, 'L'))
		fail("flusher.bin content");
	if (!file_is("/persist/sparse.bin", 100 * PG, PG, 'S') ||
	    !file_is("/persist/sparse.bin", 0, 100 * PG, 0))
		fail("sparse.bin content");
}

int
main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "write")) {
		mkdir("/persist", 0755);
		write_file();
		mapped_file("/persist/msync.bin", 'M', 'm');
		mapped_file("/persist/fsync.bin", 'F', 'f');
		sparse_file();
		flusher_file();
	} else if (argc == 2 && !strcmp(argv[1], "check")) {
		check();
	} else {
		fprintf(stderr, "usage: persist write|check\n");
		return 2;
	}
	printf("persist: %s %s\n", argv[1], failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}

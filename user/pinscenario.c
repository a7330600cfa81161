/*
 * pinscenario: the four-step scenario behind Linux's long-term pin
 * rule, run for real and narrated.
 *
 *   1. store through a MAP_SHARED mapping of an ext2 file
 *      (write fault -> ->page_mkwrite, the folio becomes dirty);
 *   2. take a long-term write pin (/dev/gup_test);
 *   3. msync(MS_SYNC): writeback cleans the folio and write-protects
 *      the PTE (folio_mkclean through the reverse map);
 *   4. the pin holder writes through the kernel's direct map, as a
 *      device's DMA would -- nothing faults, nobody is told;
 *   5. unpin, clean or dirty (unpin_user_pages_dirty_lock);
 *   6. sync, drop_caches, and read the file back from disk.
 *
 * With --hole the file is sparse under the page: on a filesystem with
 * blocks smaller than a page, step 1 allocates only the block inside
 * i_size; after step 3 the file is extended, so the rest of the page
 * is a hole that nobody prepared: when the pin holder's data is
 * written back, the filesystem finds a dirty folio without blocks.
 *
 * Each step prints the folio's state and the PTE's bits (from
 * /dev/gup_test's INSPECT) and the mm trace events it caused
 * (/proc/trace). The last line is the outcome:
 *   OUTCOME <policy> <variant>: refused (EFAULT) | data lost |
 *           filesystem invariant violated | data preserved
 *
 * Usage: pinscenario [-c|-d] [-H] [-a] [-p POLICY] [-D DIR] [-q]
 *   -c unpin clean (default), -d unpin dirty, -H hole variant,
 *   -a all three variants (clean, dirty, hole+dirty; the hole one on
 *   the first ext2 mount with sub-page blocks, or reported skipped),
 *   -p switch to POLICY first, -D directory for the file (must be on
 *   ext2; -H needs blocks smaller than 4 KiB), -q no narration.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gup_test.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/vfs.h>

#define OLD_BYTE  0x5a		/* written by the CPU in step 1 */
#define DMA_BYTE  0xd1		/* written by the "device" in step 4 */

static int gup_fd, quiet, dirty_unpin, hole;
static long page_size;
static char policy[32];
static char path[256];
static size_t trace_seen;

static void
say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static int
write_file(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static ssize_t
read_file(const char *file, char *buf, size_t len)
{
	int fd = open(file, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((size_t)total < len - 1 &&
	       (n = read(fd, buf + total, len - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

static long
vmstat(const char *name)
{
	static char buf[8192];
	size_t len = strlen(name);
	char *p;

	if (read_file("/proc/vmstat", buf, sizeof(buf)) <= 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : 0)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return atol(p + len + 1);
	return -1;
}

static void
current_policy(void)
{
	char buf[256], *l, *r;

	if (read_file("/proc/sys/vm/pin_policy", buf, sizeof(buf)) <= 0)
		return;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (r && (size_t)(r - l) < sizeof(policy)) {
		memcpy(policy, l + 1, r - l - 1);
		policy[r - l - 1] = '\0';
	}
}

/* Print the trace records added since the last call. */
static void
show_trace(void)
{
	static char buf[65536];
	ssize_t n = read_file("/proc/trace", buf, sizeof(buf));
	char *line;

	if (n <= 0 || quiet)
		return;
	line = strchr(buf, '\n');	/* skip the header */
	if (line == NULL)
		return;
	line++;
	if ((size_t)(line - buf) < trace_seen)
		line = buf + trace_seen;
	if (*line)
		printf("      trace:\n");
	for (char *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		printf("        %.*s\n", (int)(nl - line), line);
	}
	trace_seen = n;
}

static void
show_state(const char *what, void *addr)
{
	struct pinos_page_state st = { .addr = (unsigned long)addr };

	if (quiet)
		return;
	if (ioctl(gup_fd, PINOS_GUP_TEST_INSPECT, &st) != 0) {
		printf("    %s: (inspect failed: %s)\n", what, strerror(errno));
		return;
	}
	printf("    %s: pte %s%s%s, folio %s%s%s refcount %d mapcount %d\n",
	       what, (st.flags & PINOS_PAGE_PTE_PRESENT) ? "present" : "none",
	       (st.flags & PINOS_PAGE_PTE_WRITE) ? " writable" : " read-only",
	       (st.flags & PINOS_PAGE_PTE_DIRTY) ? " dirty" : " clean",
	       (st.flags & PINOS_PAGE_DIRTY) ? "dirty" : "clean",
	       (st.flags & PINOS_PAGE_WRITEBACK) ? " writeback" : "",
	       (st.flags & PINOS_PAGE_MAYBE_PINNED) ? " pinned" : "",
	       st.refcount, st.mapcount);
	show_trace();
}

static const char *
variant(void)
{
	static char v[32];

	snprintf(v, sizeof(v), "%s%s", hole ? "hole/" : "",
		 dirty_unpin ? "unpin-dirty" : "unpin-clean");
	return v;
}

static int
outcome(const char *what)
{
	printf("OUTCOME %s %s: %s\n", policy, variant(), what);
	return 0;
}

/* Step 0: a file whose first page is data (or, with -H, mostly hole). */
static int
make_file(void)
{
	struct statfs st;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || fstatfs(fd, &st) != 0 || st.f_type != 0xEF53) {
		printf("pinscenario: %s is not on ext2\n", path);
		return -1;
	}
	if (hole && st.f_bsize >= page_size) {
		printf("pinscenario: -H needs blocks smaller than a page "
		       "(%s has %ld)\n", path, (long)st.f_bsize);
		return -1;
	}
	if (ftruncate(fd, hole ? st.f_bsize : page_size) != 0)
		return -1;
	return fd;
}

/* 0 if the bytes on disk at the start of the page equal @byte. */
static int
disk_has(int byte)
{
	char buf[64];
	int fd;

	write_file("/proc/sys/vm/drop_caches", "1");
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
		return -1;
	close(fd);
	for (size_t i = 0; i < sizeof(buf); i++)
		if ((unsigned char)buf[i] != byte)
			return -1;
	return 0;
}

static int
pin(char *mem)
{
	struct pin_longterm_test args = {
		.addr = (unsigned long)mem, .size = page_size,
		.flags = PIN_LONGTERM_TEST_FLAG_USE_WRITE |
			 PIN_LONGTERM_TEST_FLAG_USE_FAST,
	};

	return ioctl(gup_fd, PIN_LONGTERM_TEST_START, &args) ? -errno : 0;
}

static void
dma_write(void)
{
	struct pinos_dma_write w = { 0, page_size, DMA_BYTE };

	if (ioctl(gup_fd, PINOS_GUP_TEST_DMA_WRITE, &w) != 0)
		printf("pinscenario: DMA write failed: %s\n", strerror(errno));
}

static int
finish(int fd, char *mem, long violations0)
{
	long violations;

	say("5. unpin %s\n", dirty_unpin ? "and mark dirty "
		"(unpin_user_pages_dirty_lock, make_dirty=true)" : "clean");
	ioctl(gup_fd, dirty_unpin ? PINOS_GUP_TEST_UNPIN_DIRTY :
				    PIN_LONGTERM_TEST_STOP);
	show_state("after unpin", mem);
	say("6. sync, drop_caches, read back from disk\n");
	sync();
	violations = vmstat("fs_invariant_violations") - violations0;
	show_trace();
	munmap(mem, page_size);
	if (violations > 0)
		outcome("filesystem invariant violated");
	else
		outcome(disk_has(DMA_BYTE) == 0 ? "data preserved"
						: "data lost");
	/*
	 * Leave nothing behind: a folio the filesystem refused to write
	 * stays dirty (writeback keeps data it could not write), and would
	 * fail every later sync. Truncating the file discards it.
	 */
	ftruncate(fd, 0);
	close(fd);
	unlink(path);
	return 0;
}

static int
scenario(void)
{
	long violations0 = vmstat("fs_invariant_violations");
	int fd = make_file(), err;
	char *mem;

	if (fd < 0)
		return 2;
	mem = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		return 2;
	write_file("/proc/sys/vm/trace_mm", "clear");
	write_file("/proc/sys/vm/trace_mm", "1");
	say("pinscenario: policy %s, variant %s, file %s\n", policy,
	    variant(), path);
	say("1. store through the shared mapping (write fault, page_mkwrite)\n");
	memset(mem, OLD_BYTE, hole ? 16 : page_size);
	show_state("after store", mem);
	say("2. long-term write pin (FOLL_WRITE|FOLL_LONGTERM, fast)\n");
	err = pin(mem);
	show_state("after pin", mem);
	if (err == -EFAULT) {
		munmap(mem, page_size);
		close(fd);
		return outcome("refused (EFAULT)");
	}
	if (err)
		return printf("pinscenario: pin failed: %s\n",
			      strerror(-err)), 2;
	say("3. msync(MS_SYNC): writeback cleans and write-protects\n");
	msync(mem, page_size, MS_SYNC);
	show_state("after msync", mem);
	if (hole) {
		say("   extend the file: the rest of the page is now a hole\n");
		ftruncate(fd, page_size);
	}
	say("4. the pin holder writes through the direct map (DMA)\n");
	dma_write();
	show_state("after DMA write", mem);
	return finish(fd, mem, violations0);
}

/* An ext2 mount with blocks smaller than a page, from /proc/mounts. */
static int
find_small_block_ext2(char *dir, size_t len)
{
	static char buf[4096];
	char *line, *save;

	if (read_file("/proc/mounts", buf, sizeof(buf)) <= 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char dev[64], mnt[128], type[32];
		struct statfs st;

		if (sscanf(line, "%63s %127s %31s", dev, mnt, type) != 3)
			continue;
		if (strcmp(type, "ext2") || statfs(mnt, &st) ||
		    st.f_bsize >= page_size)
			continue;
		snprintf(dir, len, "%s", mnt);
		return 0;
	}
	return -1;
}

static int
run_variant(const char *dir, int dirty, int in_hole)
{
	dirty_unpin = dirty;
	hole = in_hole;
	trace_seen = 0;
	snprintf(path, sizeof(path), "%s/pinscenario.dat", dir);
	return scenario();
}

/* -a: the three variants the README's table shows. */
static int
run_all(const char *dir)
{
	char small[128];
	int err = run_variant(dir, 0, 0);

	err |= run_variant(dir, 1, 0);
	/* The test disks put a 1 KiB-block ext2 on vdb; mount it if needed. */
	if (find_small_block_ext2(small, sizeof(small)) != 0 &&
	    mount("/dev/vdb", "/mnt", "ext2", 0, NULL) != 0)
		mount("vdb", "/mnt", "ext2", 0, NULL);
	if (find_small_block_ext2(small, sizeof(small)) == 0)
		return err | run_variant(small, 1, 1);
	hole = 1;
	dirty_unpin = 1;
	outcome("skipped (no ext2 with sub-page blocks mounted)");
	return err;
}

int
main(int argc, char **argv)
{
	const char *dir = "";
	int c, all = 0;

	while ((c = getopt(argc, argv, "acdHp:D:q")) != -1) {
		if (c == 'a')
			all = 1;
		else if (c == 'c')
			dirty_unpin = 0;
		else if (c == 'd')
			dirty_unpin = 1;
		else if (c == 'H')
			hole = 1;
		else if (c == 'p')
			snprintf(policy, sizeof(policy), "%s", optarg);
		else if (c == 'D')
			dir = optarg;
		else if (c == 'q')
			quiet = 1;
		else
			return fprintf(stderr, "usage: pinscenario [-c|-d] "
				       "[-H] [-a] [-p POLICY] [-D DIR] [-q]\n"),
			       2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	snprintf(path, sizeof(path), "%s/pinscenario.dat", dir);
	if (policy[0] && write_file("/proc/sys/vm/pin_policy", policy) != 0)
		return fprintf(stderr, "unknown policy %s\n", policy), 2;
	current_policy();
	gup_fd = open("/dev/gup_test", O_RDWR);
	if (gup_fd < 0)
		return fprintf(stderr, "no /dev/gup_test\n"), 2;
	if (all)
		return run_all(dir);
	return scenario();
}

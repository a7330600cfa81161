/*
 * free: print memory use. Shows total, used and free memory in KiB
 * from MemTotal and MemFree, then /proc/meminfo itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The "Key:   N kB" value of key in text, or -1. */
static long
field(const char *text, const char *key)
{
	size_t len = strlen(key);
	const char *p;

	for (p = text; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, key, len) == 0 && p[len] == ':')
			return strtol(p + len + 1, NULL, 10);
	}
	return -1;
}

int
main(void)
{
	static char buf[8192];
	int fd = open("/proc/meminfo", O_RDONLY);
	long total, mfree;
	ssize_t n, len = 0;

	if (fd < 0) {
		fprintf(stderr, "free: /proc/meminfo: %s\n", strerror(errno));
		return 1;
	}
	while (len < (ssize_t)sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	total = field(buf, "MemTotal");
	mfree = field(buf, "MemFree");
	if (total >= 0 && mfree >= 0) {
		printf("%-8s %12s %12s %12s\n", "", "total", "used", "free");
		printf("%-8s %12ld %12ld %12ld  (KiB)\n\n", "Mem:", total,
		    total - mfree, mfree);
	}
	fputs(buf, stdout);
	return 0;
}

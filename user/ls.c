/*
 * ls [-l] [-a] [-i] [FILE...]: list directory contents (default ".").
 * A directory lists its entries, sorted, "." names hidden unless -a; a
 * file lists itself. -l shows type and permissions, links, owner,
 * size, modification time (UTC) and a symbolic link's target; -i
 * shows inode numbers. Entries come from getdents64 through opendir;
 * file status is read with lstat(2) in the kernel's own layout, so
 * inode numbers are not truncated to newlib's 16 bits.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <uapi/stat.h>

#define TERM_WIDTH	80

static int opt_long, opt_all, opt_inode;

static int
lstat_raw(const char *path, struct linux_stat *st)
{
	return syscall(__NR_lstat, path, st) == 0 ? 0 : -1;
}

static char
type_char(unsigned int mode)
{
	if (S_ISDIR(mode))
		return 'd';
	if (S_ISLNK(mode))
		return 'l';
	if (S_ISCHR(mode))
		return 'c';
	if (S_ISBLK(mode))
		return 'b';
	if (S_ISFIFO(mode))
		return 'p';
	if (S_ISSOCK(mode))
		return 's';
	return '-';
}

/* "drwxr-xr-x" into buf (11 bytes). */
static void
mode_string(unsigned int mode, char *buf)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	buf[0] = type_char(mode);
	for (i = 0; i < 9; i++)
		buf[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	buf[10] = '\0';
}

/* One entry in the long format; path is where to find it. */
static void
print_long(const char *path, const char *name, const struct linux_stat *st)
{
	char mode[11], when[32], target[256];
	time_t t = (time_t)st->st_mtime;
	struct tm *tm = gmtime(&t);
	ssize_t n;

	mode_string(st->st_mode, mode);
	if (tm == NULL || strftime(when, sizeof(when), "%Y-%m-%d %H:%M",
	    tm) == 0)
		strcpy(when, "?");
	if (opt_inode)
		printf("%8lu ", st->st_ino);
	printf("%s %3lu %4u %4u %9ld %s %s", mode, st->st_nlink, st->st_uid,
	    st->st_gid, st->st_size, when, name);
	if (S_ISLNK(st->st_mode) &&
	    (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	printf("\n");
}

/* Short format: names in columns on a terminal, else one a line. */
static void
print_short(char **names, const unsigned long *inos, int n)
{
	int i, w = 1, cols;

	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) + 2 > w)
			w = strlen(names[i]) + 2;
	if (opt_inode)
		w += 9;
	cols = isatty(1) ? TERM_WIDTH / w : 1;
	if (cols < 1)
		cols = 1;
	for (i = 0; i < n; i++) {
		if (opt_inode)
			printf("%8lu ", inos[i]);
		if (cols == 1 || i % cols == cols - 1 || i == n - 1)
			printf("%s\n", names[i]);
		else
			printf("%-*s", w - (opt_inode ? 9 : 0), names[i]);
	}
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entry names of dir; returns how many, or -1. */
static int
read_names(const char *dir, char ***out)
{
	char **names = NULL, **bigger;
	struct dirent *e;
	int n = 0, cap = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !opt_all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			bigger = realloc(names, cap * sizeof(*names));
			if (bigger == NULL)
				break;
			names = bigger;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	return n;
}

static int
list_dir(const char *dir)
{
	char path[512], **names;
	unsigned long *inos;
	struct linux_stat st;
	int i, n = read_names(dir, &names);

	if (n < 0) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	inos = calloc(n + 1, sizeof(*inos));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat_raw(path, &st) != 0)
			memset(&st, 0, sizeof(st));
		if (opt_long)
			print_long(path, names[i], &st);
		else if (inos != NULL)
			inos[i] = st.st_ino;
	}
	if (!opt_long && inos != NULL)
		print_short(names, inos, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(inos);
	return 0;
}

static int
list(const char *path, int header)
{
	struct linux_stat st;
	char *name = (char *)path;
	unsigned long ino;

	if (lstat_raw(path, &st) != 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (header)
			printf("%s:\n", path);
		return list_dir(path);
	}
	ino = st.st_ino;
	if (opt_long)
		print_long(path, path, &st);
	else
		print_short(&name, &ino, 1);
	return 0;
}

/* Options -l, -a, -i in any mix; returns argv's next index or -1. */
static int
options(int argc, char **argv)
{
	const char *o;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (o = argv[i] + 1; *o; o++) {
			if (*o == 'l')
				opt_long = 1;
			else if (*o == 'a')
				opt_all = 1;
			else if (*o == 'i')
				opt_inode = 1;
			else
				return -1;
		}
	}
	return i;
}

int
main(int argc, char **argv)
{
	int i = options(argc, argv), status = 0, many;

	if (i < 0) {
		fprintf(stderr, "usage: ls [-l] [-a] [-i] [FILE...]\n");
		return 2;
	}
	if (i == argc)
		return list(".", 0);
	many = argc - i > 1;
	for (; i < argc; i++) {
		status |= list(argv[i], many);
		if (many && i + 1 < argc)
			printf("\n");
	}
	return status;
}

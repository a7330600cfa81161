/*
 * Kernel command-line parsing.
 *
 * Words are separated by spaces. Both loaders put the kernel's path
 * first ("/boot/pinos.elf", "build/pinos.elf", "pinos.elf"); a first
 * word that looks like one is skipped. "name=value" and bare flags are looked
 * up among the __setup() declarations in the .kernel_params section.
 * Everything after a lone "--" is passed to init as its arguments, as
 * in Linux. Unknown options are counted and reported at boot.
 */
#include <cmdline.h>
#include <printk.h>
#include <string.h>
#include <errno.h>

extern const struct kernel_param *const __start_kernel_params[];
extern const struct kernel_param *const __stop_kernel_params[];

/*
 * Values are copied out of the line into buffers of their own, so a
 * later parse_cmdline() (the cmdline test suite calls it) cannot
 * change the options the kernel is running with behind their backs.
 */
static char cmdline_copy[1024];
static char tests_buf[128], init_buf[256], init_args_buf[512];
const char *cmdline_tests;
const char *cmdline_init;
const char *cmdline_init_args;

static const struct kernel_param *
find_param(const char *word, const char **val)
{
	const struct kernel_param *const *pp;

	for (pp = __start_kernel_params; pp < __stop_kernel_params; pp++) {
		const char *name = (*pp)->name;
		size_t n = strlen(name);

		if (name[n - 1] == '=' && strncmp(word, name, n) == 0) {
			*val = word + n;
			return *pp;
		}
		if (name[n - 1] != '=' && strcmp(word, name) == 0) {
			*val = NULL;
			return *pp;
		}
	}
	return NULL;
}

static int
apply_word(const char *word)
{
	const struct kernel_param *p;
	const char *val;
	int err;

	p = find_param(word, &val);
	if (p == NULL) {
		pr_warn("cmdline: unknown option '%s'\n", word);
		return 1;
	}
	err = p->setup(val);
	if (err) {
		pr_warn("cmdline: bad value in '%s' (error %d)\n", word, err);
		return 1;
	}
	return 0;
}

int
parse_cmdline(const char *line)
{
	char *rest, *word;
	int bad = 0, first = 1;

	strlcpy(cmdline_copy, line, sizeof(cmdline_copy));
	rest = cmdline_copy;
	while ((word = strsep(&rest, " ")) != NULL) {
		if (*word == '\0')
			continue;
		if (first && !strchr(word, '=') &&
		    (strchr(word, '/') || strstr(word, ".elf"))) {
			first = 0;	/* the kernel's own path */
			continue;
		}
		first = 0;
		if (strcmp(word, "--") == 0) {
			strlcpy(init_args_buf, rest ? rest : "",
				sizeof(init_args_buf));
			cmdline_init_args = init_args_buf;
			break;
		}
		bad += apply_word(word);
	}
	return bad;
}

static int
setup_tests(const char *val)
{
	if (val == NULL || *val == '\0' || strlen(val) >= sizeof(tests_buf))
		return -EINVAL;
	strlcpy(tests_buf, val, sizeof(tests_buf));
	cmdline_tests = tests_buf;
	return 0;
}
__setup("tests=", setup_tests);

static int
setup_init(const char *val)
{
	if (val == NULL || val[0] != '/' || strlen(val) >= sizeof(init_buf))
		return -EINVAL;
	strlcpy(init_buf, val, sizeof(init_buf));
	cmdline_init = init_buf;
	return 0;
}
__setup("init=", setup_init);

static int
setup_quiet(const char *val)
{
	console_loglevel = 4;	/* KERN_WARNING and worse */
	return 0;
}
__setup("quiet", setup_quiet);

static int
setup_loglevel(const char *val)
{
	unsigned long lvl;

	if (val == NULL || kstrtoul(val, 10, &lvl) || lvl > 8)
		return -EINVAL;
	console_loglevel = (int)lvl;
	return 0;
}
__setup("loglevel=", setup_loglevel);

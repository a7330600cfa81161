/*
 * The kernel command line. Subsystems declare the options they accept
 * with __setup("name=", fn); an option nobody declared is reported at
 * boot, never ignored silently. Boolean flags are declared without
 * "=" (e.g. __setup("quiet", fn)) and get a NULL value.
 */
#ifndef _PINOS_CMDLINE_H
#define _PINOS_CMDLINE_H

#include <compiler.h>

struct kernel_param {
	const char *name;	/* "tests=" or "quiet" */
	int (*setup)(const char *val);	/* 0 ok, -errno rejects */
};

#define __setup(str, fn)                                              \
	static const struct kernel_param __param_##fn = { str, fn };  \
	static const struct kernel_param *__param_ptr_##fn            \
		__section(".kernel_params") __used = &__param_##fn

/*
 * Parse @line, calling each option's setup; returns the number of
 * unknown or rejected options (each also printed).
 */
int parse_cmdline(const char *line);

extern const char *cmdline_tests;	/* tests=GLOB, or NULL */
extern const char *cmdline_bench;	/* bench=GLOB, or NULL */
extern const char *cmdline_init;	/* init=PATH */
extern const char *cmdline_init_args;	/* the words after init=PATH */

#endif

/*
 * __pinos_start(sp): C half of program start-up, called by _start with
 * the initial stack pointer. Sets environ, records what libpinos needs
 * from the auxiliary vector, runs the constructors of .preinit_array
 * and .init_array, arranges for .fini_array to run at exit(), and then
 * exits with main()'s return value, which is how newlib flushes stdio.
 *
 * There is no TLS and no dynamic linking: newlib keeps its per-thread
 * state in the global _impure_ptr, so nothing else needs setting up.
 */
#include <stdlib.h>

#include "glue.h"

#define AT_NULL		0
#define AT_PAGESZ	6

typedef void (*init_fn)(int, char **, char **);
typedef void (*fini_fn)(void);

/* Bounds provided by the linker's default script. */
extern init_fn __preinit_array_start[], __preinit_array_end[];
extern init_fn __init_array_start[], __init_array_end[];
extern fini_fn __fini_array_start[], __fini_array_end[];

extern char **environ;
int main(int argc, char **argv, char **envp);
void __pinos_start(long *sp) __attribute__((noreturn));

unsigned long __pinos_page_size = 4096;

static void
read_auxv(char **envp)
{
	unsigned long *av;

	while (*envp != NULL)
		envp++;
	for (av = (unsigned long *)(envp + 1); av[0] != AT_NULL; av += 2) {
		if (av[0] == AT_PAGESZ && av[1] != 0)
			__pinos_page_size = av[1];
	}
}

static void
run_init(init_fn *start, init_fn *end, int argc, char **argv, char **envp)
{
	for (; start < end; start++)
		(*start)(argc, argv, envp);
}

/* Destructors run in the reverse order of construction. */
static void
run_fini(void)
{
	fini_fn *p = __fini_array_end;

	while (p > __fini_array_start)
		(*--p)();
}

void
__pinos_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;

	environ = envp;
	read_auxv(envp);
	run_init(__preinit_array_start, __preinit_array_end, argc, argv,
	    envp);
	run_init(__init_array_start, __init_array_end, argc, argv, envp);
	atexit(run_fini);
	exit(main(argc, argv, envp));
}

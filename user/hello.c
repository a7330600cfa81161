/*
 * hello: smoke test of the user-space runtime. Prints a greeting and
 * its arguments through newlib's stdio and exits 0, which exercises
 * _start, argv, stdio buffering (fstat, brk, write) and exit.
 */
#include <stdio.h>

int
main(int argc, char **argv)
{
	int i;

	printf("hello from user space\n");
	printf("argc = %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}

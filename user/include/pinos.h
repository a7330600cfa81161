/*
 * Small helpers shared by pinos's own programs (user/lib/progutil.c),
 * so that each program stays one C file without repeating them.
 */
#ifndef _PINOS_USER_PINOS_H
#define _PINOS_USER_PINOS_H

/* "SIGSEGV" for SIGSEGV; "signal N" for a number it does not know. */
const char *signal_name(int sig);

/*
 * A program started by the kernel as init has no open descriptors:
 * make 0, 1 and 2 the console (/dev/console, else /dev/ttyS0). Does
 * nothing if stdout is already open.
 */
void open_console(void);

#endif

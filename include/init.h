/*
 * Initcalls: subsystems that need no particular call from kmain
 * register an init function at a level; kmain runs each level in
 * order once the core (memory, interrupts, scheduler) is up, from the
 * init kernel thread, so they may sleep.
 *
 *   core_initcall    1  e.g. procfs root
 *   subsys_initcall  4  buses (PCI)
 *   fs_initcall      5  filesystem types
 *   device_initcall  6  drivers
 *   late_initcall    7  things that need all of the above
 */
#ifndef _PINOS_INIT_H
#define _PINOS_INIT_H

#include <compiler.h>

typedef int (*initcall_t)(void);

#define __define_initcall(fn, lvl)                                     \
	static initcall_t __initcall_##fn                                \
		__section(".initcall" #lvl) __used = fn

#define core_initcall(fn)   __define_initcall(fn, 1)
#define subsys_initcall(fn) __define_initcall(fn, 4)
#define fs_initcall(fn)     __define_initcall(fn, 5)
#define device_initcall(fn) __define_initcall(fn, 6)
#define late_initcall(fn)   __define_initcall(fn, 7)

void do_initcalls(void);

#endif

/*
 * Ending the machine. Under QEMU with `-device isa-debug-exit` the
 * status reaches the host: QEMU exits with (status << 1) | 1, which
 * scripts/qemu.py turns back into @status. On real hardware the
 * machine halts with a message.
 */
#ifndef _PINOS_POWER_H
#define _PINOS_POWER_H

#include <compiler.h>

void __noreturn kernel_poweroff(int status);
void __noreturn kernel_halt(const char *why);

#endif

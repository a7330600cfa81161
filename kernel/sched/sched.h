/*
 * Private to kernel/sched: what core.c (run queue, switching) and
 * kthread.c (creating, exiting, reaping) share. See core.c for the
 * locking rules; everything here is protected by sched_lock unless
 * it says otherwise.
 */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <sched.h>
#include <wait.h>

#define KSTACK_ORDER 2		/* 4 pages = KSTACK_SIZE */
/* Kept in a stack's lowest word; overwritten = the stack overflowed. */
#define STACK_END_MAGIC 0x57ac6e9d57ac6e9dUL

extern spinlock_t sched_lock;
/* Every task (t->tasks), including idle tasks and unjoined zombies. */
extern struct list_head all_tasks;
/* Dead tasks whose stack the reaper has yet to free (t->run_list). */
extern struct list_head dead_tasks;
/* Woken when a task is added to dead_tasks. */
extern struct wait_queue_head reaper_wq;

/* The per-task fields every new task_struct needs; takes no lock. */
void sched_fork(struct task_struct *t, const char *name);
/* Add to / remove from all_tasks. */
void sched_add_task(struct task_struct *t);
void sched_remove_task(struct task_struct *t);
/* Mark current TASK_DEAD and switch away for good. */
void __noreturn do_task_dead(void);
/* The new task's first C code: finish the switch that started it. */
void schedule_tail(struct task_struct *prev);
/* switch.S: save prev's registers, load next's; returns the task we
 * switched away from to get here (not necessarily @prev's next). */
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next);
/* switch.S: where a new kernel thread's first switch_to returns. */
void ret_from_kthread(void);

#endif

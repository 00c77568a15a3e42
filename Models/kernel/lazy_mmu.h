/*
 * kpcheck model: the generic lazy MMU layer with nesting (reference/kernel.md
 * 5b). Sections nest through enable_count; pause/resume leave and re-enter
 * the mode whatever the nesting level. The architecture hooks run only when
 * the task's mode really changes, and every call is ignored in interrupt
 * context, where the mode is never active.
 */
#ifndef KPCHECK_LAZY_MMU_H
#define KPCHECK_LAZY_MMU_H

#include "sched.h"

static void arch_enter_lazy_mmu_mode(void);
static void arch_flush_lazy_mmu_mode(void);
static void arch_leave_lazy_mmu_mode(void);

static inline bool __task_lazy_mmu_mode_active(struct task_struct *tsk)
{
	return tsk->lazy_mmu_state.enable_count > 0 &&
	       tsk->lazy_mmu_state.pause_count == 0;
}

static inline bool is_lazy_mmu_mode_active(void)
{
	if (in_interrupt())
		return false;
	return __task_lazy_mmu_mode_active(current);
}

static inline void lazy_mmu_mode_enable(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt() || tsk->lazy_mmu_state.pause_count > 0)
		return;
	VM_WARN_ON(tsk->lazy_mmu_state.enable_count == 255);
	if (tsk->lazy_mmu_state.enable_count++ == 0)
		arch_enter_lazy_mmu_mode();
}

static inline void lazy_mmu_mode_disable(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt() || tsk->lazy_mmu_state.pause_count > 0)
		return;
	VM_WARN_ON(tsk->lazy_mmu_state.enable_count == 0);
	if (--tsk->lazy_mmu_state.enable_count == 0)
		arch_leave_lazy_mmu_mode();
	else
		arch_flush_lazy_mmu_mode();	/* nested: flush only */
}

static inline void lazy_mmu_mode_pause(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt())
		return;
	VM_WARN_ON(tsk->lazy_mmu_state.pause_count == 255);
	if (tsk->lazy_mmu_state.pause_count++ == 0 &&
	    tsk->lazy_mmu_state.enable_count > 0)
		arch_leave_lazy_mmu_mode();
}

static inline void lazy_mmu_mode_resume(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt())
		return;
	VM_WARN_ON(tsk->lazy_mmu_state.pause_count == 0);
	if (--tsk->lazy_mmu_state.pause_count == 0 &&
	    tsk->lazy_mmu_state.enable_count > 0)
		arch_enter_lazy_mmu_mode();
}

#endif /* KPCHECK_LAZY_MMU_H */

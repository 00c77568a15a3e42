/*
 * Mutant: the first pause leaves the architecture's lazy mode even when no
 * section is open.
 */
static inline void lazy_mmu_mode_pause(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt())
		return;
	VM_WARN_ON(tsk->lazy_mmu_state.pause_count == 255);
	if (tsk->lazy_mmu_state.pause_count++ == 0)
		arch_leave_lazy_mmu_mode();
}

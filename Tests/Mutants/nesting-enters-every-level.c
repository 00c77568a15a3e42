/*
 * Mutant (kernel.md 10 H2): the architecture hooks run on every nesting level.
 * The inner enter saves PGTABLES in the slot, so the outer leave "restores"
 * PGTABLES and the task goes on with page tables writable.
 */
static inline void lazy_mmu_mode_enable(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt() || tsk->lazy_mmu_state.pause_count > 0)
		return;
	tsk->lazy_mmu_state.enable_count++;
	arch_enter_lazy_mmu_mode();
}

static inline void lazy_mmu_mode_disable(void)
{
	struct task_struct *tsk = current;

	if (in_interrupt() || tsk->lazy_mmu_state.pause_count > 0)
		return;
	tsk->lazy_mmu_state.enable_count--;
	arch_leave_lazy_mmu_mode();
}

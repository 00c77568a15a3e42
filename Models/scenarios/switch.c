/*
 * switch: two tasks share one CPU. Interrupts may preempt either task, one
 * inside a guard scope (between the switch to PGTABLES and the restore) and
 * the other inside a lazy MMU section, so POR_EL1 must follow each task
 * through __switch_to. The lazy task also drops a lock inside its section:
 * that preempt_enable() may switch it out with no exception, so only the
 * switch hook's own isb makes the next task's value take effect.
 */
void guard_task(void)
{
	set_pte(kernel_pte(0), mk_kernel_pte(0));
}

void lazy_task(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(1), mk_kernel_pte(1));
	preempt_disable();
	preempt_enable();
	set_pte(kernel_pte(2), mk_kernel_pte(2));
	lazy_mmu_mode_disable();
}

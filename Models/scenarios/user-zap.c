/*
 * user-zap: zap_pte_range() clears user PTEs in a lazy MMU section while
 * holding the page-table lock, so preemption is off. User entries owe no
 * barriers: TIF_LAZY_MMU_PENDING is never set, and the section's exit must
 * synchronize its own restore.
 */
void zap_task(void)
{
	int i;

	preempt_disable();	/* the page-table spinlock */
	lazy_mmu_mode_enable();
	for (i = 0; i < PTES; i++)
		pte_clear(user_pte(i));
	lazy_mmu_mode_disable();
	preempt_enable();
}

/*
 * Mutant: a leave that insists no barriers are owed. Sections that write
 * kernel PTEs always owe them at this point, so the warning fires.
 */
static inline void arch_leave_lazy_mmu_mode(void)
{
	VM_WARN_ON(test_thread_flag(TIF_LAZY_MMU_PENDING));
	arch_flush_lazy_mmu_mode();
}

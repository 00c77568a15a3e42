/*
 * kpcheck model of the v4 batching patch (v4 18/18, reference/kernel.md 4a,
 * 6 R5 and 10 H1), moved onto the generic lazy MMU layer like v8.
 *
 * The difference from v8: the guard is skipped whenever the task is in lazy
 * MMU mode, even when the write comes from an interrupt that arrived inside
 * the section. v4 tested TIF_LAZY_MMU; on the generic layer that is
 * __task_lazy_mmu_mode_active(current), which, unlike
 * is_lazy_mmu_mode_active(), ignores interrupt context. If exception entry
 * resets POR_EL1, the handler's store runs in the DEFAULT context and faults.
 */

struct thread_struct {
	u64 tpidr2_el0;
	u64 por_el0;
	u64 por_el1;
	u64 por_el1_lazy_mmu;
};

KPKEYS_GUARD_COND(kpkeys_hardened_pgtables, KPKEYS_CTX_PGTABLES,
		  kpkeys_hardened_pgtables_enabled() &&
		  !__task_lazy_mmu_mode_active(current))

static void kpkeys_lazy_mmu_enter(void)
{
	if (!kpkeys_hardened_pgtables_enabled())
		return;
	current->thread.por_el1_lazy_mmu =
		kpkeys_set_context(KPKEYS_CTX_PGTABLES);
}

static void kpkeys_lazy_mmu_exit(void)
{
	u64 saved;

	if (!kpkeys_hardened_pgtables_enabled())
		return;
	saved = current->thread.por_el1_lazy_mmu;
	if (test_thread_flag(TIF_LAZY_MMU_PENDING))
		__kpkeys_set_pkey_reg_nosync(saved);
	else
		arch_kpkeys_restore_pkey_reg(saved);
}

static inline void arch_enter_lazy_mmu_mode(void)
{
	kpkeys_lazy_mmu_enter();
}

static inline void arch_leave_lazy_mmu_mode(void)
{
	kpkeys_lazy_mmu_exit();
	arch_flush_lazy_mmu_mode();
}

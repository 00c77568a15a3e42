/*
 * kpcheck model of v8 22/24 "arm64: kpkeys: Batch KPKEYS_CTX_PGTABLES
 * switches" (reference/000_ef5a3f0b7e9407e2.txt, kernel.md 4d), written for
 * kpcheck on top of kpkeys-v8-unbatched.
 *
 * While the lazy MMU mode is active the page-table guard does nothing; the
 * switch to PGTABLES happens once when the task enters the mode and is undone
 * when it leaves. The previous value lives in a new per-thread slot. When
 * kernel page tables were written in the section, the isb that
 * emit_pte_barriers() issues right after also synchronizes the restore, so
 * the restore itself skips its own.
 */

struct thread_struct {
	u64 tpidr2_el0;
	u64 por_el0;
	u64 por_el1;
	u64 por_el1_lazy_mmu;	/* POR_EL1 to restore when the section ends */
};

#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES
KPKEYS_GUARD_COND(kpkeys_hardened_pgtables, KPKEYS_CTX_PGTABLES,
		  kpkeys_hardened_pgtables_enabled() &&
		  !is_lazy_mmu_mode_active())

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
	/* Barriers owed: their isb comes next and synchronizes this write. */
	if (test_thread_flag(TIF_LAZY_MMU_PENDING))
		__kpkeys_set_pkey_reg_nosync(saved);
	else
		arch_kpkeys_restore_pkey_reg(saved);
}
#else
KPKEYS_GUARD_NOOP(kpkeys_hardened_pgtables)

static void kpkeys_lazy_mmu_enter(void) {}
static void kpkeys_lazy_mmu_exit(void) {}
#endif

static inline void arch_enter_lazy_mmu_mode(void)
{
	kpkeys_lazy_mmu_enter();
}

/* Restore first, flush second: the flush's isb covers the restore. */
static inline void arch_leave_lazy_mmu_mode(void)
{
	kpkeys_lazy_mmu_exit();
	arch_flush_lazy_mmu_mode();
}

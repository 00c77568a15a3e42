/*
 * Mutant: the section's exit restores POR_EL1 without synchronization even
 * when no barrier is pending, so nothing synchronizes the restore.
 */
static void kpkeys_lazy_mmu_exit(void)
{
	u64 saved;

	if (!kpkeys_hardened_pgtables_enabled())
		return;
	saved = current->thread.por_el1_lazy_mmu;
	__kpkeys_set_pkey_reg_nosync(saved);
}

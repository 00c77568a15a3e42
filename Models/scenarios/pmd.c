/*
 * pmd: set_pmd() and set_pud() keep the guard open across
 * queue_pte_barriers(), so outside lazy mode the barriers run while page
 * tables are still writable; inside a section they are owed instead. The
 * interrupt handler writes a PMD too.
 */
void pmd_task(void)
{
	set_pmd(kernel_pmd(0), mk_kernel_pte(0));
	lazy_mmu_mode_enable();
	set_pmd(kernel_pmd(1), mk_kernel_pte(1));
	set_pud(kernel_pud(0), mk_kernel_pte(2));
	lazy_mmu_mode_disable();
	set_pud(kernel_pud(1), mk_kernel_pte(3));
}

void irq_handler(void)
{
	set_pmd(kernel_pmd(7), mk_kernel_pte(7));
}

/*
 * irq-write: while a task is inside a lazy MMU section, an interrupt handler
 * writes a kernel page table (freeing a page-table page changes the linear
 * map). The handler is not in lazy mode and must take the guard itself.
 */
void section_task(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(0), mk_kernel_pte(0));
	set_pte(kernel_pte(1), mk_kernel_pte(1));
	lazy_mmu_mode_disable();
}

void irq_handler(void)
{
	set_pte(kernel_pte(50), mk_kernel_pte(50));
}

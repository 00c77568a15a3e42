/*
 * nested: with DEBUG_PAGEALLOC, allocating a page inside a lazy MMU section
 * changes the linear map, which enters lazy mode again. Kernel PTEs are
 * written in both the outer and the inner section.
 */
static void debug_pagealloc_map(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(10), mk_kernel_pte(10));
	lazy_mmu_mode_disable();
}

void nested_task(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(0), mk_kernel_pte(0));
	debug_pagealloc_map();
	set_pte(kernel_pte(1), mk_kernel_pte(1));
	lazy_mmu_mode_disable();
}

/*
 * vmalloc-3x3: the throughput benchmark. Three tasks on two CPUs each map
 * PTES kernel pages in a lazy MMU section, with up to three interrupts,
 * preemption and migration. Too large to finish without reductions; it is
 * measured with --max-states and kept out of the default job.
 */
void vmalloc_task(void)
{
	int i;

	lazy_mmu_mode_enable();
	for (i = 0; i < PTES; i++)
		set_pte(kernel_pte(i), mk_kernel_pte(i));
	lazy_mmu_mode_disable();
}

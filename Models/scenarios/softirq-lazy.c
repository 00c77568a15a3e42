/*
 * softirq-lazy: KFENCE or DEBUG_PAGEALLOC change the linear map from softirq
 * context and enter lazy MMU mode there; so does a task with bottom halves
 * disabled. in_interrupt() is true in both, so the lazy calls do nothing and
 * every write takes the guard.
 */
void bh_task(void)
{
	local_bh_disable();
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(0), mk_kernel_pte(0));
	lazy_mmu_mode_disable();
	local_bh_enable();
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(1), mk_kernel_pte(1));
	lazy_mmu_mode_disable();
}

void softirq_handler(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(60), mk_kernel_pte(60));
	lazy_mmu_mode_disable();
}

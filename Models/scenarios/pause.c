/*
 * pause: a section paused around work that must not be batched. The write in
 * the paused part takes the guard again; the mode is re-entered on resume.
 */
void pause_task(void)
{
	lazy_mmu_mode_enable();
	set_pte(kernel_pte(0), mk_kernel_pte(0));
	lazy_mmu_mode_pause();
	set_pte(kernel_pte(1), mk_kernel_pte(1));
	lazy_mmu_mode_resume();
	set_pte(kernel_pte(2), mk_kernel_pte(2));
	lazy_mmu_mode_disable();
}

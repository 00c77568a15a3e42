/*
 * vmalloc: a task maps PTES kernel pages in one lazy MMU section, as vmalloc
 * and apply_to_page_range do, with no lock held. An interrupt may arrive
 * anywhere in the section, and on its return the task may be preempted and
 * later resumed on the other CPU. Between two pages it takes and drops a
 * lock (a page allocation's, say): the unlock's preempt_enable() may switch
 * it out with no exception at all, to resume on either CPU. The second task
 * writes one kernel PTE outside lazy mode, then finishes, leaving its CPU
 * free to pick the first.
 */
void vmalloc_task(void)
{
	int i;

	lazy_mmu_mode_enable();
	for (i = 0; i < PTES; i++) {
		if (i > 0) {
			preempt_disable();
			preempt_enable();
		}
		set_pte(kernel_pte(i), mk_kernel_pte(i));
	}
	lazy_mmu_mode_disable();
}

void single_write_task(void)
{
	set_pte(kernel_pte(100), mk_kernel_pte(100));
}

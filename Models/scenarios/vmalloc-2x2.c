/*
 * vmalloc-2x2: the speed benchmark of issue 13, sized like the SPIN model it is
 * compared with. Two tasks on two CPUs each map PTES kernel pages in one lazy
 * MMU section; up to two interrupts (one at a time per CPU) arrive anywhere,
 * and their handler maps a kernel page too, inside or outside a section. A
 * task interrupted may be preempted on the way out and resumed on the other
 * CPU.
 */
void vmalloc_task(void)
{
	int i;

	lazy_mmu_mode_enable();
	for (i = 0; i < PTES; i++)
		set_pte(kernel_pte(i), mk_kernel_pte(i));
	lazy_mmu_mode_disable();
}

void irq_handler(void)
{
	set_pte(kernel_pte(50), mk_kernel_pte(50));
}

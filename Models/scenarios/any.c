/*
 * any: the most general client. Each task repeats forever a choice among every
 * call the API allows in its current state: open a lazy MMU section or a pause
 * (at most NEST of them open), a preemption-disabled region (the page-table
 * lock) or a BH-disabled region; close the innermost open region; write a
 * kernel or a user PTE (valid or cleared), a kernel PMD or PUD. Regions close
 * in the order they opened, as kernel code nests them. Interrupts arrive
 * whenever unmasked, with handlers that write page tables, in lazy mode or
 * not, and preemption happens wherever it may. The visited set closes the
 * cycles, so a verdict covers executions of any length.
 */
#define R_SECTION	1
#define R_PAUSE		2
#define R_PREEMPT	3
#define R_BH		4
#define R_BITS		3
#define R_MASK		7

void any_task(void)
{
	u32 regions = 0;	/* open regions, innermost in the low bits */
	int depth = 0;
	int lazy = 0;		/* sections and pauses among them */
	int preempt_off = 0;
	int bh_off = 0;

	while (1) {
		int c = kpcheck_choose(11);

		if (c == 0 && lazy < NEST) {
			lazy_mmu_mode_enable();
			regions = (regions << R_BITS) | R_SECTION;
			depth++;
			lazy++;
		} else if (c == 1 && lazy < NEST) {
			lazy_mmu_mode_pause();
			regions = (regions << R_BITS) | R_PAUSE;
			depth++;
			lazy++;
		} else if (c == 2 && !preempt_off) {
			preempt_disable();
			regions = (regions << R_BITS) | R_PREEMPT;
			depth++;
			preempt_off = 1;
		} else if (c == 3 && !bh_off) {
			local_bh_disable();
			regions = (regions << R_BITS) | R_BH;
			depth++;
			bh_off = 1;
		} else if (c == 4 && depth > 0) {
			int innermost = regions & R_MASK;

			if (innermost == R_SECTION) {
				lazy_mmu_mode_disable();
				lazy--;
			} else if (innermost == R_PAUSE) {
				lazy_mmu_mode_resume();
				lazy--;
			} else if (innermost == R_PREEMPT) {
				preempt_enable();
				preempt_off = 0;
			} else {
				local_bh_enable();
				bh_off = 0;
			}
			regions >>= R_BITS;
			depth--;
		} else if (c == 5) {
			set_pte(kernel_pte(0), mk_kernel_pte(0));
		} else if (c == 6) {
			pte_clear(kernel_pte(0));
		} else if (c == 7) {
			set_pte(user_pte(0), mk_user_pte(0));
		} else if (c == 8) {
			pte_clear(user_pte(0));
		} else if (c == 9) {
			set_pmd(kernel_pmd(0), mk_kernel_pte(0));
		} else if (c == 10) {
			set_pud(kernel_pud(0), mk_kernel_pte(0));
		}
	}
}

/* Interrupt handlers: nothing, a guarded kernel write, or a lazy section. */
static void any_handler_work(void)
{
	int c = kpcheck_choose(3);

	if (c == 1) {
		set_pte(kernel_pte(1), mk_kernel_pte(1));
	} else if (c == 2) {
		lazy_mmu_mode_enable();
		set_pte(kernel_pte(1), mk_kernel_pte(1));
		lazy_mmu_mode_disable();
	}
}

void any_irq(void)
{
	any_handler_work();
}

void any_softirq(void)
{
	any_handler_work();
}

/*
 * kpcheck model: the POR_EL1 part of EL1 exception entry and exit, and of
 * __switch_to (reference/kernel.md 2a, 2b). The machine calls these hooks:
 * kernel_entry_el1/kernel_exit_el1 around every interrupt, with regs naming
 * the interrupt's frame; permission_overlay_switch when a CPU switches
 * tasks, with current the task switched out.
 *
 * Whether v8 still resets POR_EL1 on entry is not known, so the reset is the
 * option exception-entry-reset (KPCHECK_EXCEPTION_ENTRY_RESET).
 */
#include "pgtable.h"

void kernel_entry_el1(struct pt_regs *regs)
{
#ifdef KPCHECK_EXCEPTION_ENTRY_RESET
	u64 por = read_sysreg_s(SYS_POR_EL1);

	regs->por_el1 = por;
	/* Entry is a context synchronization event, but it comes before this write. */
	if (por != POR_EL1_INIT) {
		write_sysreg_s(POR_EL1_INIT, SYS_POR_EL1);
		isb();
	}
#endif
}

void kernel_exit_el1(struct pt_regs *regs)
{
#ifdef KPCHECK_EXCEPTION_ENTRY_RESET
	/* No isb: the exception return synchronizes the write. */
	write_sysreg_s(regs->por_el1, SYS_POR_EL1);
#endif
}

void permission_overlay_switch(struct task_struct *next)
{
	current->thread.por_el1 = read_sysreg_s(SYS_POR_EL1);
	if (current->thread.por_el1 != next->thread.por_el1) {
		write_sysreg_s(next->thread.por_el1, SYS_POR_EL1);
		isb();
	}
}

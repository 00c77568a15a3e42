/*
 * Mutant: exception entry saves POR_EL1 but never resets it, so a handler
 * that interrupts a lazy section starts with page tables writable.
 */
void kernel_entry_el1(struct pt_regs *regs)
{
	regs->por_el1 = read_sysreg_s(SYS_POR_EL1);
}

/* Mutant: the context switch writes next's POR_EL1 but forgets the isb. */
void permission_overlay_switch(struct task_struct *next)
{
	current->thread.por_el1 = read_sysreg_s(SYS_POR_EL1);
	if (current->thread.por_el1 != next->thread.por_el1)
		write_sysreg_s(next->thread.por_el1, SYS_POR_EL1);
}

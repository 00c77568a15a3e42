/* Mutant: switching to a kpkeys context forgets the isb after the write. */
static __always_inline u64 arch_kpkeys_set_context(int ctx)
{
	u64 prev_por = read_sysreg_s(SYS_POR_EL1);
	u64 new_por = por_set_kpkeys_context(prev_por, ctx);

	__kpkeys_set_pkey_reg_nosync(new_por);
	return prev_por;
}

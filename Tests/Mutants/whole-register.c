/*
 * Mutant: a context is written as a whole register value instead of changing
 * the fields of pkeys 0 and 1, wiping what other kpkeys users set in 2-7.
 */
static inline u64 por_set_kpkeys_context(u64 por, int ctx)
{
	if (ctx == KPKEYS_CTX_PGTABLES)
		return POR_EL1_INIT | POR_ELx_PERM_PREP(KPKEYS_PKEY_PGTABLES, POE_RW);
	return POR_EL1_INIT;
}

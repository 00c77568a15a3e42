/* Mutant: emit_pte_barriers() forgets its isb. */
static inline void emit_pte_barriers(void)
{
	dsb(ishst);
}

/*
 * kpcheck model: the kpkeys API and its arm64 implementation on POE, as of
 * the v7/v8 series (reference/kernel.md 1a, 1b).
 *
 * A context is a set of overlay permissions. DEFAULT gives RWX on pkey 0 and
 * read-only on the page-table pkey; PGTABLES also grants write on it. The
 * other fields of POR_EL1 belong to other kpkeys users and are never touched.
 */
#ifndef KPCHECK_KPKEYS_H
#define KPCHECK_KPKEYS_H

#include "por.h"

#define KPKEYS_CTX_DEFAULT	0
#define KPKEYS_CTX_PGTABLES	1

#define KPKEYS_PKEY_DEFAULT	0
#define KPKEYS_PKEY_PGTABLES	1

/* "No write was made": the register value that grants nothing. */
#define KPKEYS_PKEY_REG_INVAL	0

/* The DEFAULT context applied to an all-zero register (no access elsewhere). */
#define POR_EL1_INIT	(POR_ELx_PERM_PREP(KPKEYS_PKEY_DEFAULT, POE_RWX) | \
			 POR_ELx_PERM_PREP(KPKEYS_PKEY_PGTABLES, POE_R))

/*
 * The pkey the page-table pages are mapped with: the PGTABLES pkey when the
 * feature is built in, the default pkey otherwise. The machine reads this
 * constant to decide whether a store to a page table is permitted.
 */
#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES
#define PGTABLE_PKEY	KPKEYS_PKEY_PGTABLES
#else
#define PGTABLE_PKEY	KPKEYS_PKEY_DEFAULT
#endif

static inline bool arch_supports_kpkeys(void)
{
	return system_supports_poe();
}

static inline bool kpkeys_enabled(void)
{
	return arch_supports_kpkeys();
}

/* Only the fields of pkeys 0 and 1 change; the rest is read back unchanged. */
static inline u64 por_set_kpkeys_context(u64 por, int ctx)
{
	u64 pgtables_perms = POE_R;

	if (ctx == KPKEYS_CTX_PGTABLES)
		pgtables_perms = POE_RW;
	por = por_elx_set_pkey_perms(por, KPKEYS_PKEY_DEFAULT, POE_RWX);
	por = por_elx_set_pkey_perms(por, KPKEYS_PKEY_PGTABLES, pgtables_perms);
	return por;
}

/* A bare write: the caller owes a context synchronization event. */
static __always_inline void __kpkeys_set_pkey_reg_nosync(u64 pkey_reg)
{
	write_sysreg_s(pkey_reg, SYS_POR_EL1);
}

/* Switch to a context and return the value to restore later. */
static __always_inline u64 arch_kpkeys_set_context(int ctx)
{
	u64 prev_por = read_sysreg_s(SYS_POR_EL1);
	u64 new_por = por_set_kpkeys_context(prev_por, ctx);

	__kpkeys_set_pkey_reg_nosync(new_por);
	isb();
	return prev_por;
}

static __always_inline void arch_kpkeys_restore_pkey_reg(u64 pkey_reg)
{
	__kpkeys_set_pkey_reg_nosync(pkey_reg);
	isb();
}

static __always_inline u64 kpkeys_set_context(int ctx)
{
	return arch_kpkeys_set_context(ctx);
}

/* A guard whose condition was false saved INVAL: nothing to undo. */
static __always_inline void kpkeys_restore_pkey_reg(u64 pkey_reg)
{
	if (pkey_reg != KPKEYS_PKEY_REG_INVAL)
		arch_kpkeys_restore_pkey_reg(pkey_reg);
}

#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES
DEFINE_STATIC_KEY_FALSE(kpkeys_hardened_pgtables_key);

static inline bool kpkeys_hardened_pgtables_enabled(void)
{
	return static_branch_unlikely(&kpkeys_hardened_pgtables_key);
}
#else
static inline bool kpkeys_hardened_pgtables_enabled(void)
{
	return false;
}
#endif

#endif /* KPCHECK_KPKEYS_H */

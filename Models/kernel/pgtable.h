/*
 * kpcheck model: arm64 page-table writers and lazy MMU barrier batching
 * (reference/kernel.md 3a, 5a, 5b), with the page-table guard of the kpkeys
 * series before batching (v8 patch 21: every writer switches to PGTABLES).
 *
 * Variants that batch the switches override the guard class and the
 * arch_*_lazy_mmu_mode hooks.
 */
#ifndef KPCHECK_PGTABLE_H
#define KPCHECK_PGTABLE_H

#include "kpkeys.h"
#include "lazy_mmu.h"

#define PTE_VALID		BIT(0)
#define PTE_USER		BIT(6)

/* Entries the scenarios store: a valid kernel or user mapping of page i. */
#define mk_kernel_pte(i)	(PTE_VALID | ((u64)(i) << 12))
#define mk_user_pte(i)		(PTE_VALID | PTE_USER | ((u64)(i) << 12))

#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES
KPKEYS_GUARD_COND(kpkeys_hardened_pgtables, KPKEYS_CTX_PGTABLES,
		  kpkeys_hardened_pgtables_enabled())
#else
KPKEYS_GUARD_NOOP(kpkeys_hardened_pgtables)
#endif

static inline bool pte_valid_not_user(pte_t pte)
{
	return (pte & (PTE_VALID | PTE_USER)) == PTE_VALID;
}

static inline bool pmd_valid(pmd_t pmd)
{
	return (pmd & PTE_VALID) != 0;
}

static inline bool pud_valid(pud_t pud)
{
	return (pud & PTE_VALID) != 0;
}

/*
 * Make a kernel page-table store visible to the walker (dsb) and drop any
 * stale "invalid" translation already fetched (isb).
 */
static inline void emit_pte_barriers(void)
{
	dsb(ishst);
	isb();
}

/* Inside an active lazy section the barriers are owed, not issued. */
static inline void queue_pte_barriers(void)
{
	if (is_lazy_mmu_mode_active()) {
		if (!test_thread_flag(TIF_LAZY_MMU_PENDING))
			set_thread_flag(TIF_LAZY_MMU_PENDING);
	} else {
		emit_pte_barriers();
	}
}

static inline void arch_enter_lazy_mmu_mode(void)
{
}

static inline void arch_flush_lazy_mmu_mode(void)
{
	if (test_and_clear_thread_flag(TIF_LAZY_MMU_PENDING))
		emit_pte_barriers();
}

static inline void arch_leave_lazy_mmu_mode(void)
{
	arch_flush_lazy_mmu_mode();
}

/* The store itself is the only part run with page tables writable. */
static inline void __set_pte_nosync(pte_t *ptep, pte_t pte)
{
	guard(kpkeys_hardened_pgtables)();
	WRITE_ONCE(*ptep, pte);
}

static inline void __set_pte_complete(pte_t pte)
{
	/* Only valid kernel entries need the walker to see them at once. */
	if (pte_valid_not_user(pte))
		queue_pte_barriers();
}

static inline void __set_pte(pte_t *ptep, pte_t pte)
{
	__set_pte_nosync(ptep, pte);
	__set_pte_complete(pte);
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	__set_pte(ptep, pte);
}

static inline void pte_clear(pte_t *ptep)
{
	__set_pte(ptep, 0);
}

/* Upper levels: here the guard's scope also covers the barriers. */
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	guard(kpkeys_hardened_pgtables)();
	WRITE_ONCE(*pmdp, pmd);
	if (pmd_valid(pmd))
		queue_pte_barriers();
}

static inline void set_pud(pud_t *pudp, pud_t pud)
{
	guard(kpkeys_hardened_pgtables)();
	WRITE_ONCE(*pudp, pud);
	if (pud_valid(pud))
		queue_pte_barriers();
}

#endif /* KPCHECK_PGTABLE_H */

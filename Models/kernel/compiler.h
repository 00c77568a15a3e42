/*
 * kpcheck model: small helpers every model file may use.
 *
 * Integer types (u8 ... u64), page-table entry types (pte_t ... pgd_t) and the
 * kernel built-ins (isb(), dsb(), thread flags, current, ...) are part of the
 * model language; this header only adds the bit helpers the models use.
 */
#ifndef KPCHECK_COMPILER_H
#define KPCHECK_COMPILER_H

#define BIT(nr)			(1UL << (nr))
#define GENMASK_ULL(h, l)	(((~0ULL) << (l)) & (~0ULL >> (63 - (h))))

#endif /* KPCHECK_COMPILER_H */

/*
 * kpcheck model: the POR_EL1 layout (Arm ARM D24.2, see reference/arm.md 2.1).
 *
 * Sixteen 4-bit fields; with VMSAv8-64 only fields 0..7 are used. In a field,
 * bit 0 grants read, bit 1 execute, bit 2 write; bit 3 set means no access.
 */
#ifndef KPCHECK_POR_H
#define KPCHECK_POR_H

#include "compiler.h"

#define POE_NONE		0x0UL
#define POE_R			0x1UL
#define POE_X			0x2UL
#define POE_RX			0x3UL
#define POE_W			0x4UL
#define POE_RW			0x5UL
#define POE_WX			0x6UL
#define POE_RWX			0x7UL
#define POE_MASK		0xfUL

#define POR_ELx_BITS_PER_IDX	4
#define POR_ELx_PERM_SHIFT(idx)	((idx) * POR_ELx_BITS_PER_IDX)
#define POR_ELx_PERM_PREP(idx, perm) \
	(((u64)(perm) & POE_MASK) << POR_ELx_PERM_SHIFT(idx))

/* Replace the field of one pkey, leaving the other fields as they were. */
static inline u64 por_elx_set_pkey_perms(u64 por, u8 pkey, u64 perms)
{
	u64 shift = POR_ELx_PERM_SHIFT(pkey);

	por &= ~(POE_MASK << shift);
	por |= (perms & POE_MASK) << shift;
	return por;
}

#endif /* KPCHECK_POR_H */

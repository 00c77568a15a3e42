#ifndef KPCHECK_CKERNELS_H
#define KPCHECK_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor runs the AVX-512 kernels below (AVX-512 F). Callers use their
/// own portable code where it does not.
int kp_has_avx512(void);

/// The frontier's encoding of `state` against `reference` (both `width` words): at `out`,
/// `bitmap_words` words whose bit j of word b is set where word 32 b + j differs, then
/// those words of `state` in order. Returns how many words it wrote. `out` must have room
/// for `bitmap_words + width + 16` words (16 past the end may be written).
size_t kp_encode_avx512(const uint32_t *state, const uint32_t *reference, size_t width,
                        size_t bitmap_words, uint32_t *out);

/// Puts an encoding's words into `state`: for each set bit of `bitmap` (`bitmap_words`
/// words), in order, the next word of `values`. Returns how many values it read.
size_t kp_apply_avx512(const uint32_t *bitmap, size_t bitmap_words, const uint32_t *values,
                       uint32_t *state, size_t width);

/// Whether `a` and `b` (`width` words) differ in a word outside the union of the bitmaps
/// `m0`, `m1` and `m2` (bit j of word g stands for word 32 g + j; `m1` and `m2` may be
/// null: no words).
int kp_differs_outside_avx512(const uint32_t *a, const uint32_t *b, size_t width,
                              const uint32_t *m0, const uint32_t *m1, const uint32_t *m2);

/// The visited set's 64-bit fingerprint of `count` words (`Fingerprint(sixteenLanes:)`,
/// whose portable code computes the same value): 16 multiply-xorshift lanes over 64-bit
/// pairs of words, 32 words a round, the last round padded with zeros.
uint64_t kp_fingerprint_avx512(const uint32_t *words, size_t count);

#endif

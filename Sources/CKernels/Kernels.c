// The frontier's encoding (see StateQueue.swift) with AVX-512's compress and expand:
// each 16 words are compared as one vector, and the words that differ are stored (or put
// back) by one masked instruction, where the portable code handles them one by one.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int kp_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

/// The lanes of 16 words from `start` that lie within `width`.
static inline __mmask16 lanes(size_t start, size_t width) {
    size_t n = width - start;
    return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
}

__attribute__((target("avx512f")))
size_t kp_encode_avx512(const uint32_t *state, const uint32_t *reference, size_t width,
                        size_t bitmap_words, uint32_t *out) {
    size_t end = bitmap_words;
    for (size_t b = 0; b < bitmap_words; b++) {
        uint32_t bits = 0;
        for (size_t h = 0; h < 2; h++) {
            size_t start = b * 32 + h * 16;
            if (start >= width) break;
            __mmask16 valid = lanes(start, width);
            __m512i x = _mm512_maskz_loadu_epi32(valid, state + start);
            __m512i y = _mm512_maskz_loadu_epi32(valid, reference + start);
            __mmask16 differ = _mm512_cmpneq_epi32_mask(x, y);
            // Compressed in a register and stored whole (compress to memory is microcoded
            // and slow on some processors, AMD's Zen 4 among them): the caller leaves room
            // for 16 words past the encoding.
            _mm512_storeu_si512((void *)(out + end), _mm512_maskz_compress_epi32(differ, x));
            end += (size_t)__builtin_popcount(differ);
            bits |= (uint32_t)differ << (h * 16);
        }
        out[b] = bits;
    }
    return end;
}

__attribute__((target("avx512f")))
size_t kp_apply_avx512(const uint32_t *bitmap, size_t bitmap_words, const uint32_t *values,
                       uint32_t *state, size_t width) {
    size_t read = 0;
    for (size_t b = 0; b < bitmap_words; b++) {
        uint32_t bits = bitmap[b];
        if (bits == 0) continue;
        for (size_t h = 0; h < 2; h++) {
            __mmask16 put = (__mmask16)(bits >> (h * 16));
            size_t start = b * 32 + h * 16;
            if (put == 0 || start >= width) continue;
            unsigned count = (unsigned)__builtin_popcount(put);
            // A masked load of the values (no read past them), expanded in a register.
            __m512i packed = _mm512_maskz_loadu_epi32((__mmask16)((1u << count) - 1), values + read);
            _mm512_mask_storeu_epi32(state + start, put, _mm512_maskz_expand_epi32(put, packed));
            read += count;
        }
    }
    return read;
}

#else

int kp_has_avx512(void) { return 0; }

size_t kp_encode_avx512(const uint32_t *state, const uint32_t *reference, size_t width,
                        size_t bitmap_words, uint32_t *out) {
    (void)state; (void)reference; (void)width; (void)bitmap_words; (void)out;
    return 0;
}

size_t kp_apply_avx512(const uint32_t *bitmap, size_t bitmap_words, const uint32_t *values,
                       uint32_t *state, size_t width) {
    (void)bitmap; (void)bitmap_words; (void)values; (void)state; (void)width;
    return 0;
}

#endif

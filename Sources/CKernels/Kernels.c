// The frontier's encoding (see StateQueue.swift) with AVX-512's compress and expand:
// each 16 words are compared as one vector, and the words that differ are stored (or put
// back) by one masked instruction, where the portable code handles them one by one.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int kp_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
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

__attribute__((target("avx512f")))
int kp_differs_outside_avx512(const uint32_t *a, const uint32_t *b, size_t width,
                              const uint32_t *m0, const uint32_t *m1, const uint32_t *m2) {
    for (size_t start = 0; start < width; start += 16) {
        __mmask16 valid = lanes(start, width);
        __mmask16 differ = _mm512_cmpneq_epi32_mask(_mm512_maskz_loadu_epi32(valid, a + start),
                                                    _mm512_maskz_loadu_epi32(valid, b + start));
        if (differ == 0) continue;
        size_t g = start / 32, shift = start % 32;
        uint32_t inside = m0[g] | (m1 ? m1[g] : 0) | (m2 ? m2[g] : 0);
        if (differ & ~(__mmask16)(inside >> shift)) return 1;
    }
    return 0;
}

// The constants of Fingerprint.swift's sixteen-lane fingerprint.
#define KP_K 0x9E3779B97F4A7C15ull
#define KP_MIX 0xC2B2AE3D27D4EB4Full
#define KP_FOLD 0xD6E8FEB86659FD93ull

__attribute__((target("avx512f,avx512dq")))
uint64_t kp_fingerprint_avx512(const uint32_t *words, size_t count) {
    // Lane j starts at j + 1 times the first constant (lanes 0-7 in a, 8-15 in b).
    __m512i a = _mm512_mullo_epi64(_mm512_set_epi64(8, 7, 6, 5, 4, 3, 2, 1), _mm512_set1_epi64((long long)KP_K));
    __m512i b = _mm512_mullo_epi64(_mm512_set_epi64(16, 15, 14, 13, 12, 11, 10, 9), _mm512_set1_epi64((long long)KP_K));
    const __m512i k = _mm512_set1_epi64((long long)KP_K);
    for (size_t i = 0; i < count; i += 32) {
        __m512i x, y;
        if (i + 32 <= count) {
            x = _mm512_loadu_si512((const void *)(words + i));
            y = _mm512_loadu_si512((const void *)(words + i + 16));
        } else {
            x = _mm512_maskz_loadu_epi32(lanes(i, count), words + i);
            y = i + 16 < count ? _mm512_maskz_loadu_epi32(lanes(i + 16, count), words + i + 16) : _mm512_setzero_si512();
        }
        a = _mm512_mullo_epi64(_mm512_xor_si512(a, x), k);
        b = _mm512_mullo_epi64(_mm512_xor_si512(b, y), k);
        a = _mm512_xor_si512(a, _mm512_srli_epi64(a, 29));
        b = _mm512_xor_si512(b, _mm512_srli_epi64(b, 29));
    }
    __m512i c = _mm512_xor_si512(a, _mm512_mullo_epi64(b, _mm512_set1_epi64((long long)KP_MIX)));
    uint64_t lane[8];
    _mm512_storeu_si512((void *)lane, c);
    uint64_t h = KP_K ^ (uint64_t)count;
    for (int j = 0; j < 8; j++) {
        h = (h ^ lane[j]) * KP_FOLD;
        h ^= h >> 32;
    }
    return h;
}

#else

int kp_has_avx512(void) { return 0; }

uint64_t kp_fingerprint_avx512(const uint32_t *words, size_t count) {
    (void)words; (void)count;
    return 0;
}

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

int kp_differs_outside_avx512(const uint32_t *a, const uint32_t *b, size_t width,
                              const uint32_t *m0, const uint32_t *m1, const uint32_t *m2) {
    (void)a; (void)b; (void)width; (void)m0; (void)m1; (void)m2;
    return 0;
}

#endif

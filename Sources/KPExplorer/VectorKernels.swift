import CKernels

/// Whether this processor runs `CKernels`' AVX-512 routines (checked once, at first use):
/// the level queue's encoding and the visited set's fingerprint use them then, and their
/// portable code, which gives the same results, elsewhere.
public enum VectorKernels {
    public static let available = kp_has_avx512() != 0
}

import CKernels
import Foundation

/// A 64-bit fingerprint of a packed state. The visited set stores fingerprints, not
/// states (hash compaction, as TLC and SPIN's bitstate mode do): two distinct states
/// collide with probability about n²/2⁶⁵ for n states (`collisionProbability`);
/// `TreeStateSet` keeps the states themselves instead.
public struct Fingerprint: Hashable, Sendable {
    public var value: UInt64

    /// The probability that two of `n` distinct states share a fingerprint, so that the
    /// search took the second for the first and never explored what follows it: n(n−1)/2
    /// pairs, each equal with probability 2⁻⁶⁴ (the birthday bound, about 1 in 3,700 at
    /// 10⁸ states), as 1 − e^(−n(n−1)/2⁶⁵), which is the same below 10⁹ states and stays
    /// a probability above.
    public static func collisionProbability(states n: Int) -> Double {
        guard n > 1 else { return 0 }
        return -expm1(-Double(n) * Double(n - 1) / 0x1p65)
    }

    /// Four independent multiply-xorshift lanes over 64-bit pairs of words, so the
    /// multiplications of neighbouring words do not wait for each other.
    @inlinable
    public init(_ words: PackedState) {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(words.count)
        var b: UInt64 = 0x1319_8A2E_0370_7344
        var c: UInt64 = 0xA409_3822_299F_31D0
        var d: UInt64 = 0x082E_FA98_EC4E_6C89
        words.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            var i = 0
            while i + 8 <= n {
                a = (a ^ (UInt64(buffer[i]) | UInt64(buffer[i + 1]) << 32)) &* k
                b = (b ^ (UInt64(buffer[i + 2]) | UInt64(buffer[i + 3]) << 32)) &* k
                c = (c ^ (UInt64(buffer[i + 4]) | UInt64(buffer[i + 5]) << 32)) &* k
                d = (d ^ (UInt64(buffer[i + 6]) | UInt64(buffer[i + 7]) << 32)) &* k
                a ^= a >> 29
                b ^= b >> 29
                c ^= c >> 29
                d ^= d >> 29
                i += 8
            }
            while i < n {
                a = (a ^ UInt64(buffer[i])) &* k
                a ^= a >> 29
                i += 1
            }
        }
        var h = a ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9) ^ (d &* 0x85EB_CA77_C2B2_AE63)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        value = h
    }

    /// The visited set's fingerprint: sixteen multiply-xorshift lanes over 64-bit pairs of
    /// words, 32 words a round (the last padded with zeros), folded into one. Two vectors
    /// of eight lanes with AVX-512 (`kp_fingerprint_avx512`), which finish a 488-word state
    /// in about a third of the four-lane chain's time; this code, which gives the same
    /// value, elsewhere. (The modular search and the step summaries keep `init(_:)`: their
    /// channels and keys are numbered by it.)
    @inlinable
    public init(sixteenLanes words: PackedState) {
        if VectorKernels.available {
            value = words.withUnsafeBufferPointer { kp_fingerprint_avx512($0.baseAddress, $0.count) }
        } else {
            value = Fingerprint.sixteenLanesPortably(words)
        }
    }

    /// `init(sixteenLanes:)` without the vector kernels.
    @inlinable
    public static func sixteenLanesPortably(_ words: PackedState) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        return words.withUnsafeBufferPointer { w in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { lane in
                for j in 0..<16 { lane[j] = UInt64(j + 1) &* k }
                let n = w.count
                var i = 0
                while i < n {
                    for j in 0..<16 {
                        let p = i + 2 * j
                        let low = p < n ? UInt64(w[p]) : 0, high = p + 1 < n ? UInt64(w[p + 1]) : 0
                        var x = (lane[j] ^ (low | high << 32)) &* k
                        x ^= x >> 29
                        lane[j] = x
                    }
                    i += 32
                }
                var h = k ^ UInt64(n)
                for j in 0..<8 {
                    h = (h ^ (lane[j] ^ lane[j + 8] &* 0xC2B2_AE3D_27D4_EB4F)) &* 0xD6E8_FEB8_6659_FD93
                    h ^= h >> 32
                }
                return h
            }
        }
    }
}

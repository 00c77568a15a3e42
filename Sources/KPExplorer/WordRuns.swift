import CKernels

/// Where two runs of words of one width differ: the search's states, compared with the
/// reference (the frontier) or with the state a step started from (the machine's write
/// footprint). Most words match, so words are compared 16 at a time as vectors, and
/// word by word only where they differ, giving one bit per word.
public enum WordRuns {
    /// Bit j set where `a[start + j]` and `b[start + j]` differ, for the (up to) 32 words
    /// from `start`.
    @inlinable @inline(__always)
    public static func differences(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
                                   at start: Int) -> UInt32 {
        let n = a.count
        guard start + 32 <= n else {
            var bits: UInt32 = 0
            for i in start..<n where a[i] != b[i] { bits |= 1 << UInt32(i - start) }
            return bits
        }
        let pa = UnsafeRawPointer(a.baseAddress! + start), pb = UnsafeRawPointer(b.baseAddress! + start)
        return half(pa, pb, 0) | half(pa, pb, 64) << 16
    }

    /// The bits of 16 words at `offset` bytes: one test of the words' exclusive or when
    /// they all match (most do); when some do not, the 16 compared as one vector, each
    /// lane that differs giving its bit, summed across lanes (a concrete `SIMD16<UInt32>`,
    /// whose sum is one vector reduction; comparing word by word was a third of the time
    /// of encoding the frontier and of the machine's footprint, 8% of a search).
    /// (`any(x .!= y)` on vectors called a generic reduction, 3.6% of a search's time.)
    @inlinable @inline(__always)
    static func half(_ pa: UnsafeRawPointer, _ pb: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        var union: UInt64 = 0
        for i in 0..<8 {
            union |= pa.loadUnaligned(fromByteOffset: offset &+ 8 &* i, as: UInt64.self)
                ^ pb.loadUnaligned(fromByteOffset: offset &+ 8 &* i, as: UInt64.self)
        }
        guard union != 0 else { return 0 }
        let x = pa.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self)
        let y = pb.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self)
        let lanes = SIMD16<UInt32>(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
                                   1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
        return SIMD16<UInt32>(repeating: 0).replacing(with: lanes, where: x .!= y).wrappedSum()
    }

    /// Whether `a` and `b` differ in a word outside the union of the bitmaps `m0`, `m1`
    /// and `m2` (nil: no words), each of `(a.count + 31) / 32` words, bit j of word g
    /// standing for word 32 g + j: the machine's write footprint, where the bitmaps are the
    /// words the stepping CPU owns. With `vectorKernels`, 16 words a compare (`CKernels`).
    @inlinable
    public static func differ(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
                              outside m0: UnsafePointer<UInt32>, _ m1: UnsafePointer<UInt32>?,
                              _ m2: UnsafePointer<UInt32>?, vectorKernels: Bool) -> Bool {
        precondition(a.count == b.count, "runs of one width")
        if vectorKernels { return kp_differs_outside_avx512(a.baseAddress!, b.baseAddress!, a.count, m0, m1, m2) != 0 }
        for g in 0..<(a.count + 31) / 32 {
            let differing = differences(a, b, at: g << 5)
            if differing != 0 && differing & ~(m0[g] | (m1?[g] ?? 0) | (m2?[g] ?? 0)) != 0 { return true }
        }
        return false
    }
}

/// Where two runs of words of one width differ: the search's states, compared with the
/// reference (the frontier) or with the state a step started from (the machine's write
/// footprint). Most words match, so runs of eight are compared as four 64-bit words and skipped.
public enum WordRuns {
    /// The first index at or after `start` where `a` and `b` differ, or `a.count`.
    @inlinable
    public static func nextDifference(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
                                      from start: Int) -> Int {
        let n = a.count
        var i = start
        // Word by word up to a multiple of eight, then eight at a time.
        while i < n && i & 7 != 0 {
            if a[i] != b[i] { return i }
            i += 1
        }
        let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
        while i + 8 <= n {
            let o = i * 4
            let x = (pa.loadUnaligned(fromByteOffset: o, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: o, as: UInt64.self))
                | (pa.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self))
                | (pa.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self))
                | (pa.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self))
            if x != 0 {
                while a[i] == b[i] { i += 1 }
                return i
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return i }
            i += 1
        }
        return n
    }
}

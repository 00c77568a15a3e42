/// A 64-bit fingerprint of a packed state. The visited set stores fingerprints, not
/// states (hash compaction, as TLC and SPIN's bitstate mode do): two distinct states
/// collide with probability about n²/2⁶⁵ for n states.
public struct Fingerprint: Hashable, Sendable {
    public var value: UInt64

    public init(_ words: PackedState) {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(words.count)
        for w in words {
            h = (h ^ UInt64(w)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        // 0 marks an empty slot of the visited set.
        value = h == 0 ? 1 : h
    }
}

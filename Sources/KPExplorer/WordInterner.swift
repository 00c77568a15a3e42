import Foundation

/// Runs of words, each distinct one stored once in an arena with an id (the order it was
/// first seen). Open addressing with linear probing over slots that hold 32 bits of the
/// hash and the id, grown at 3/4 load; a probe compares words only when the 32 bits
/// match. 8 bytes a slot, 8 a run, 4 a word.
@usableFromInline
struct WordInterner {
    @usableFromInline var words: [UInt32] = []
    /// Run `i` is `words[starts[i]..<starts[i + 1]]`.
    @usableFromInline var starts: [UInt64] = [0]
    /// 0 is empty; else the hash's high 32 bits, then the id plus one.
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int

    @usableFromInline
    init(capacity: Int) {
        slots = Array(repeating: 0, count: HashTable.slotCount(for: capacity))
        mask = slots.count - 1
    }

    @usableFromInline var count: Int { starts.count - 1 }

    @usableFromInline var memoryBytes: Int { words.count * 4 + starts.count * 8 + slots.count * 8 }

    @inlinable
    mutating func intern(_ run: UnsafeBufferPointer<UInt32>) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(run)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 {
                let id = count
                precondition(id < Int(UInt32.max), "more than 2³² - 1 distinct states")
                words.append(contentsOf: run)
                starts.append(UInt64(words.count))
                slots[slot] = tag | UInt64(id + 1)
                return (UInt32(id), true)
            }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(id, run) { return (UInt32(id), false) }
            }
            slot = (slot + 1) & mask
        }
    }

    @inlinable
    func equals(_ id: Int, _ run: UnsafeBufferPointer<UInt32>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == run.count else { return false }
        if run.isEmpty { return true }
        return words.withUnsafeBufferPointer { w in
            memcmp(w.baseAddress! + start, run.baseAddress!, run.count * 4) == 0
        }
    }

    /// Multiply-xorshift over pairs of words.
    @inlinable
    static func hash(_ run: UnsafeBufferPointer<UInt32>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(run.count)
        var i = 0
        while i + 2 <= run.count {
            h = (h ^ (UInt64(run[i]) | UInt64(run[i + 1]) << 32)) &* k
            h ^= h >> 29
            i += 2
        }
        if i < run.count {
            h = (h ^ UInt64(run[i])) &* k
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @usableFromInline
    mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        words.withUnsafeBufferPointer { w in
            for id in 0..<count {
                let hash = Self.hash(UnsafeBufferPointer(rebasing: w[Int(starts[id])..<Int(starts[id + 1])]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
            }
        }
    }
}

/// Distinct 64-bit keys, each with an id (the order it was first seen): the fingerprints
/// of `VisitedSet` and the inner nodes (pairs of ids) of `TreeStateSet`.
///
/// The keys sit in one dense array in id order (8 bytes each); the hash table holds only
/// ids plus one (4 bytes a slot, linear probing, grown at 3/4 load), so a key costs
/// 8 + 4/load bytes, 13 to 19 between growths.
@usableFromInline
struct KeyInterner {
    @usableFromInline var keys: [UInt64] = []
    /// 0 is empty; else the id plus one.
    @usableFromInline var slots: [UInt32]
    @usableFromInline var mask: Int

    @usableFromInline
    init(capacity: Int) {
        slots = Array(repeating: 0, count: HashTable.slotCount(for: capacity))
        mask = slots.count - 1
        keys.reserveCapacity(capacity)
    }

    @usableFromInline var count: Int { keys.count }

    /// Counted from what is stored (not the arrays' capacity, which depends on the
    /// allocator), so reports are the same on every run.
    @usableFromInline var memoryBytes: Int { keys.count * 8 + slots.count * 4 }

    @inlinable
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return Int(truncatingIfNeeded: h) & mask
    }

    @inlinable
    mutating func intern(_ key: UInt64) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var slot = Self.slot(key, mask)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                precondition(keys.count < Int(UInt32.max) - 1, "more than 2³² - 2 distinct keys")
                keys.append(key)
                slots[slot] = UInt32(keys.count)
                return (UInt32(keys.count - 1), true)
            }
            if keys[Int(entry) - 1] == key { return (entry - 1, false) }
            slot = (slot + 1) & mask
        }
    }

    @usableFromInline
    mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (i, key) in keys.enumerated() {
            var slot = Self.slot(key, mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(i + 1)
        }
    }
}

/// Sizes of the open-addressing tables of the visited sets.
@usableFromInline
enum HashTable {
    /// The least power of two (at least 16) that holds `capacity` entries under 3/4 load.
    @inlinable
    static func slotCount(for capacity: Int) -> Int {
        var size = 16
        while size < capacity * 4 / 3 { size <<= 1 }
        return size
    }
}

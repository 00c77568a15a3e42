/// Distinct 64-bit keys, each with an id (the order it was first seen): the fingerprints
/// of `VisitedSet` and the inner nodes (pairs of ids) of `TreeStateSet`.
///
/// The keys sit in one dense array in id order (8 bytes each); the hash table holds
/// 4-byte slots (linear probing, grown at 3/4 load), so a key costs 8 + 4/load bytes, 13
/// to 19 between growths. A table of 2^k slots needs k bits for an id plus one; the
/// other 32 - k bits of a slot hold a tag, more bits of the key's hash, so a probe reads
/// the key itself (in the dense array, elsewhere in memory) only when the tags agree:
/// a new key, as most are in a search, is placed after reading only the slots it passes.
@usableFromInline
struct KeyInterner {
    @usableFromInline var keys: [UInt64] = []
    /// 0 is empty; else the tag in the bits above `idBits`, and the id plus one below.
    @usableFromInline var slots: [UInt32]
    @usableFromInline var mask: Int
    /// log2 of the slot count: the bits of a slot that hold the id plus one.
    @usableFromInline var idBits: Int

    @usableFromInline
    init(capacity: Int) {
        slots = Array(repeating: 0, count: HashTable.slotCount(for: capacity))
        mask = slots.count - 1
        idBits = slots.count.trailingZeroBitCount
        keys.reserveCapacity(capacity)
    }

    @usableFromInline var count: Int { keys.count }
    /// What `prefetch` read, kept so that its reads are not optimized away.
    @usableFromInline var prefetched: UInt32 = 0

    /// Reads the first slot `intern` of each of `keys` will probe, in one pass whose loads
    /// do not depend on each other, so the processor has many misses in flight at once:
    /// interning a chunk of keys one by one waited for each slot in turn (84% of
    /// `intern`'s time was that one load, on a table larger than the core's cache).
    @inlinable
    mutating func prefetch(_ keys: UnsafeBufferPointer<UInt64>) {
        var sum: UInt32 = 0
        slots.withUnsafeBufferPointer { s in
            for key in keys { sum &+= s[Int(truncatingIfNeeded: Self.hash(key)) & mask] }
        }
        prefetched = sum
    }

    /// Counted from what is stored (not the arrays' capacity, which depends on the
    /// allocator), so reports are the same on every run.
    @usableFromInline var memoryBytes: Int { keys.count * 8 + slots.count * 4 }

    /// The key's hash: its low `idBits` bits pick the first slot, its top `32 - idBits`
    /// bits are the tag, placed above the id.
    @inlinable
    static func hash(_ key: UInt64) -> UInt64 {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return h
    }

    /// The bits of a slot that hold the id plus one.
    @inlinable
    static func idMask(_ idBits: Int) -> UInt32 { idBits >= 32 ? UInt32.max : UInt32(1) << UInt32(idBits) - 1 }

    /// The tag of hash `h` in a table whose ids take `idBits` bits, in place in a slot.
    @inlinable
    static func tag(_ h: UInt64, _ idBits: Int) -> UInt32 {
        idBits >= 32 ? 0 : UInt32(truncatingIfNeeded: h >> UInt64(32 + idBits)) << UInt32(idBits)
    }

    @inlinable
    mutating func intern(_ key: UInt64) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let h = Self.hash(key), idMask = Self.idMask(idBits), tag = Self.tag(h, idBits)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 {
                precondition(keys.count < Int(UInt32.max) - 1, "more than 2³² - 2 distinct keys")
                keys.append(key)
                slots[slot] = tag | UInt32(keys.count)
                return (UInt32(keys.count - 1), true)
            }
            if entry & ~idMask == tag {
                let id = entry & idMask
                if keys[Int(id) - 1] == key { return (id - 1, false) }
            }
            slot = (slot + 1) & mask
        }
    }

    @usableFromInline
    mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        idBits = slots.count.trailingZeroBitCount
        for (i, key) in keys.enumerated() {
            let h = Self.hash(key)
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.tag(h, idBits) | UInt32(i + 1)
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

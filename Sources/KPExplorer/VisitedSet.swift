/// Open-addressing set of fingerprints, each mapped to the index of its state. Not exact:
/// see `StateSet`.
///
/// The fingerprints sit in one dense array in id order (8 bytes a state); the hash table
/// holds only ids (4 bytes a slot, linear probing, grown at 3/4 load), so a state costs
/// 8 + 4/load bytes, 13 to 19 between growths, instead of the 16 to 32 of slots that hold
/// both.
public struct VisitedSet: StateSet {
    private var fingerprints: [UInt64] = []
    /// 0 is empty; else the id plus one.
    private var slots: [UInt32]
    private var mask: Int

    public init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 4 / 3 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        fingerprints.reserveCapacity(capacity)
    }

    public init(reference: PackedState) { self.init() }

    public static var isExact: Bool { false }

    public var count: Int { fingerprints.count }

    /// Bytes held by the table (counted from what is stored, so the same on every run).
    public var memoryBytes: Int { fingerprints.count * 8 + slots.count * 4 }

    public mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool) {
        insert(Fingerprint(state))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: key ^ (key >> 31)) & mask
    }

    /// Inserts `fingerprint` with the next id; returns the id and whether it was new.
    public mutating func insert(_ fingerprint: Fingerprint) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let key = fingerprint.value
        var slot = Self.slot(key, mask)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                precondition(fingerprints.count < Int(UInt32.max), "more than 2³² - 1 states")
                fingerprints.append(key)
                slots[slot] = UInt32(fingerprints.count)
                return (UInt32(fingerprints.count - 1), true)
            }
            if fingerprints[Int(entry) - 1] == key { return (entry - 1, false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (i, key) in fingerprints.enumerated() {
            var slot = Self.slot(key, mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(i + 1)
        }
    }
}

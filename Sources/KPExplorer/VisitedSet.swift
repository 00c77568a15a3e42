/// Open-addressing set of fingerprints, each mapped to the index of its state.
/// Linear probing, grown at 3/4 load. 12 bytes a slot. Not exact: see `StateSet`.
public struct VisitedSet: StateSet {
    private var keys: [UInt64]
    private var ids: [UInt32]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 4 / 3 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        ids = Array(repeating: 0, count: size)
        mask = size - 1
    }

    public init(reference: PackedState) { self.init() }

    public static var isExact: Bool { false }

    /// Bytes held by the table.
    public var memoryBytes: Int { keys.count * 12 }

    public mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool) {
        insert(Fingerprint(state))
    }

    /// Inserts `fingerprint` with the next id; returns the id and whether it was new.
    public mutating func insert(_ fingerprint: Fingerprint) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let key = fingerprint.value
        var slot = Int(truncatingIfNeeded: key ^ (key >> 31)) & mask
        while true {
            let k = keys[slot]
            if k == 0 {
                keys[slot] = key
                ids[slot] = UInt32(count)
                count += 1
                return (UInt32(count - 1), true)
            }
            if k == key { return (ids[slot], false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldIds = ids
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        ids = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (i, key) in oldKeys.enumerated() where key != 0 {
            var slot = Int(truncatingIfNeeded: key ^ (key >> 31)) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            ids[slot] = oldIds[i]
        }
    }
}

/// An open-addressing hash map from term nodes to ids: linear probing, keys
/// stored inline so a probe touches one slot, at most half full. O(1) expected.
///
/// The slots are raw memory so that a probe costs no reference counting; the
/// owner calls `deallocate()` once, when it is done with the map.
struct NodeMap {
    struct Slot {
        var key: TermNode
        var value: TermID
    }

    private static let empty = TermID.max
    // Plain values only: the store reads its map through a class property, and a field
    // with a reference count made every `find` retain and release it.
    private var slots: UnsafeMutableBufferPointer<Slot>
    private var count = 0

    init() { slots = Self.allocate(1024) }

    func deallocate() { slots.deallocate() }

    /// A map of its own with the same entries (the copy is deallocated apart).
    func copy() -> NodeMap {
        var map = NodeMap(capacity: slots.count)
        _ = map.slots.update(fromContentsOf: slots)
        map.count = count
        return map
    }

    private init(capacity: Int) { slots = Self.allocate(capacity) }

    func find(_ key: TermNode) -> TermID? {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key.hash64) & mask
        while true {
            let slot = slots[index]
            if slot.value == Self.empty { return nil }
            if slot.key == key { return slot.value }
            index = (index + 1) & mask
        }
    }

    /// Maps `key` to `value`, replacing any earlier value: the slot written and what it
    /// held, and whether the map grew first, which moved every slot (see `undo`).
    @discardableResult
    mutating func insert(_ key: TermNode, _ value: TermID) -> (index: Int, before: Slot, grew: Bool) {
        let grew = (count + 1) * 2 > slots.count
        if grew { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key.hash64) & mask
        while slots[index].value != Self.empty && slots[index].key != key { index = (index + 1) & mask }
        let before = slots[index]
        if before.value == Self.empty { count += 1 }
        slots[index] = Slot(key: key, value: value)
        return (index, before, grew)
    }

    /// Undoes `changes`, what inserts returned since the map last grew, the last first:
    /// each emptied slot was empty when every earlier key was placed, so no earlier key's
    /// probe passes it, and the map is the one it was before them.
    mutating func undo(_ changes: [(index: Int, before: Slot)]) {
        for (index, before) in changes.reversed() {
            if before.value == Self.empty { count -= 1 }
            slots[index] = before
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Self.allocate(old.count * 2)
        count = 0
        for slot in old where slot.value != Self.empty { insert(slot.key, slot.value) }
        old.deallocate()
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutableBufferPointer<Slot> {
        let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: .constant(0), value: empty))
        return slots
    }
}

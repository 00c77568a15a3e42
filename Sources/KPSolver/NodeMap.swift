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
    private var slots: UnsafeMutableBufferPointer<Slot>
    private var count = 0
    /// An original's inserts since `journalsInserts` was set, in order, for its replicas to
    /// replay (`replay`).
    private(set) var inserted: [Slot] = []
    var journalsInserts = false
    /// A replica's: the slots its inserts changed since `journalsChanges` was last set, with
    /// what each held, to undo them (`undo`); `grew` when the map grew since, which moved
    /// every slot (nothing to undo then: the owner copies the original's map instead).
    private var changed: [(index: Int, before: Slot)] = []
    var journalsChanges = false {
        didSet {
            changed.removeAll(keepingCapacity: true)
            grew = false
        }
    }
    private(set) var grew = false

    init() { slots = Self.allocate(1024) }

    func deallocate() { slots.deallocate() }

    /// A map of its own with the same entries (the copy is deallocated apart), journaling nothing.
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

    /// Maps `key` to `value`, replacing any earlier value.
    mutating func insert(_ key: TermNode, _ value: TermID) {
        if journalsInserts { inserted.append(Slot(key: key, value: value)) }
        place(key, value, journaling: journalsChanges)
    }

    /// Undoes a replica's inserts since `journalsChanges` was set, the last first: each
    /// emptied slot was empty when every earlier key was placed, so no earlier key's probe
    /// passes it, and the map is the one it was then. Not after `grew`.
    mutating func undo() {
        precondition(!grew, "a map that grew has no slots to undo")
        for (index, before) in changed.reversed() {
            if before.value == Self.empty { count -= 1 }
            slots[index] = before
        }
        changed.removeAll(keepingCapacity: true)
    }

    /// Inserts `original`'s inserts from its `from`-th on (see `inserted`), journaling none.
    mutating func replay(_ original: NodeMap, from: Int) {
        for slot in original.inserted[from...] { place(slot.key, slot.value, journaling: false) }
    }

    private mutating func place(_ key: TermNode, _ value: TermID, journaling: Bool) {
        if (count + 1) * 2 > slots.count {
            grow()
            if journaling { grew = true }
        }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key.hash64) & mask
        while slots[index].value != Self.empty && slots[index].key != key { index = (index + 1) & mask }
        if slots[index].value == Self.empty { count += 1 }
        if journaling && !grew { changed.append((index, slots[index])) }
        slots[index] = Slot(key: key, value: value)
    }

    private mutating func grow() {
        let old = slots
        slots = Self.allocate(old.count * 2)
        count = 0
        for slot in old where slot.value != Self.empty { place(slot.key, slot.value, journaling: false) }
        old.deallocate()
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutableBufferPointer<Slot> {
        let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: .constant(0), value: empty))
        return slots
    }
}

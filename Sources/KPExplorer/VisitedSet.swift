/// The fingerprints of the states visited, each with its state's id (`KeyInterner`: 8
/// bytes a state and a 4-byte slot). Not exact: see `StateSet`.
public struct VisitedSet: StateSet {
    private var table: KeyInterner

    public init(capacity: Int = 1 << 16) { table = KeyInterner(capacity: capacity) }

    public init(reference: PackedState) { self.init() }

    public static var isExact: Bool { false }

    public var count: Int { table.count }

    public var memoryBytes: Int { table.memoryBytes }

    public mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool) {
        insert(key: Fingerprint(sixteenLanes: state))
    }

    public static func key(of state: PackedState) -> Fingerprint { Fingerprint(sixteenLanes: state) }

    /// Inserts `fingerprint` with the next id; returns the id and whether it was new.
    public mutating func insert(key fingerprint: Fingerprint) -> (id: UInt32, inserted: Bool) {
        table.intern(fingerprint.value)
    }

    public mutating func prefetch(_ keys: [Fingerprint]) {
        keys.withUnsafeBufferPointer { keys in
            keys.withMemoryRebound(to: UInt64.self) { table.prefetch($0) }
        }
    }
}

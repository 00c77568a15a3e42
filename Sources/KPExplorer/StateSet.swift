/// The states a search has visited, each with an id: the order it was first inserted.
///
/// Two kinds: `VisitedSet` keeps a 64-bit fingerprint of each state (hash compaction:
/// 12 bytes a slot, but two distinct states may be taken for one, and the second and
/// what only it leads to are then never explored); `TreeStateSet` keeps every state,
/// compressed, so a `holds` cannot rest on a collision. A search takes the kind as a
/// generic parameter, so its insert is specialized, never called through an existential.
public protocol StateSet {
    /// An empty set for states of `reference`'s width. Most states resemble it (the
    /// initial state): the exact set stores states as their difference from it.
    init(reference: PackedState)
    /// Inserts `state` with the next id; returns its id and whether it was new.
    mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool)
    /// What the set keeps of a state (its fingerprint, or the state), computed on any
    /// thread: a search on several threads computes it where it computes the state.
    associatedtype Key
    static func key(of state: PackedState) -> Key
    /// `insert(_:)` of the state `key` was computed from.
    mutating func insert(key: Key) -> (id: UInt32, inserted: Bool)
    var count: Int { get }
    /// Bytes the set holds.
    var memoryBytes: Int { get }
    /// Distinct states are never taken for one another.
    static var isExact: Bool { get }
    /// Starts reading what inserting `keys` (in that order, next) will read first, all at
    /// once, so that their cache misses overlap instead of coming one insert after another.
    /// Changes nothing the set holds.
    mutating func prefetch(_ keys: [Key])
}

extension StateSet {
    /// Nothing read ahead.
    public mutating func prefetch(_ keys: [Key]) {}

    /// The probability that the set took two distinct states for one: 0 when it is exact,
    /// else the birthday bound over the states it holds.
    public var collisionProbability: Double {
        Self.isExact ? 0 : Fingerprint.collisionProbability(states: count)
    }
}

/// How a search stored the states it visited, for reports: whether it was exact, and
/// if not, the probability that a fingerprint collision hid a state.
public struct StateStorage: Equatable, Sendable {
    public var exact: Bool
    public var collisionProbability: Double

    public init(exact: Bool, collisionProbability: Double) {
        self.exact = exact
        self.collisionProbability = collisionProbability
    }

    /// Two searches a verdict rests on: a collision in either (a union bound).
    public func combined(with other: StateStorage) -> StateStorage {
        StateStorage(exact: exact && other.exact,
                     collisionProbability: min(1, collisionProbability + other.collisionProbability))
    }
}

/// A small set of states kept beside a search (the states inside one of the machine's
/// summarized steps): by fingerprint, or with `exact`, by their words. Either way the
/// hash is the fingerprint (hashing whole states with `Hasher` would double the cost
/// of a modular search); exact, each fingerprint keeps its first state, and the states
/// that collided with it are kept aside.
public struct StateKeySet {
    public let exact: Bool
    private var fingerprints = Set<Fingerprint>()
    private var states: [Fingerprint: PackedState] = [:]
    private var collided: [PackedState] = []

    public init(exact: Bool) { self.exact = exact }

    /// Bytes of the hash tables (the states' words are shared with their other holders).
    public var memoryBytes: Int { fingerprints.capacity * 8 + states.capacity * 16 + collided.count * 8 }

    /// Whether `state` was not in the set yet.
    public mutating func insert(_ state: PackedState) -> Bool {
        let fingerprint = Fingerprint(state)
        guard exact else { return fingerprints.insert(fingerprint).inserted }
        guard let first = states[fingerprint] else {
            states[fingerprint] = state
            return true
        }
        if first == state || collided.contains(state) { return false }
        collided.append(state)
        return true
    }
}

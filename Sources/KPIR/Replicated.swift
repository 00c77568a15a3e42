/// Tables a replica takes from its original by their changes, not whole.
///
/// A machine's replica (`Machine.synchronize(with:)`) must hold exactly its original's
/// tables each time it takes them, a few hundred times a search. Copying them whole was
/// 3% of a search on two threads (4% with exception-entry reset), the copies' allocations
/// and hashing, for tables that changed by a handful of entries. Instead:
/// - the original keeps a journal of its changes once it has replicas (`startJournal`):
///   which keys it set, which slots it wrote;
/// - a replica journals its own changes since it last took the original's, with what they
///   replaced;
/// - taking (`take`) undoes the replica's own changes, newest first, which brings it back
///   to the original as it last took it, then replays the original's changes since.
/// The first take, or one the original kept no journal for, copies the table whole.
public protocol ReplicatedTable {
    /// Journals this original's changes from now on, for its replicas.
    mutating func startJournal()
    /// Makes this replica's contents `original`'s, and journals its own changes from now on.
    mutating func take(_ original: Self)
}

/// A dictionary that a replica takes by its changes (see `ReplicatedTable`).
public struct ReplicatedDictionary<Key: Hashable, Value>: ReplicatedTable {
    @usableFromInline var contents: [Key: Value] = [:]
    /// The original's: each key set, in order. A replica's: each key it set since its last
    /// take, with the value it replaced.
    @usableFromInline var journal: [(key: Key, before: Value?)] = []
    @usableFromInline var journaling = false
    /// How much of the original's journal this replica took (nil: no journal taken yet).
    @usableFromInline var taken: Int?

    @inlinable
    public init() {}

    /// The entries, to read.
    @inlinable public var dictionary: [Key: Value] { contents }

    @inlinable public var count: Int { contents.count }

    /// A replica journals what each change replaced, to undo it; the original, the key.
    public subscript(key: Key) -> Value? {
        @inlinable get { contents[key] }
        @inlinable set {
            if journaling { journal.append((key, taken == nil ? nil : contents[key])) }
            contents[key] = newValue
        }
    }

    @inlinable
    public mutating func startJournal() {
        journaling = true
    }

    @inlinable
    public mutating func take(_ original: Self) {
        if let taken, original.journaling {
            for (key, before) in journal.reversed() { contents[key] = before }
            for (key, _) in original.journal[taken...] { contents[key] = original.contents[key] }
        } else {
            contents = original.contents.unshared()
        }
        journal.removeAll(keepingCapacity: true)
        taken = original.journaling ? original.journal.count : nil
        journaling = true
    }
}

/// An array that grows at its end and whose elements may be rewritten in place (a cache
/// indexed by id), which a replica takes by its changes (see `ReplicatedTable`).
public struct ReplicatedArray<Element>: ReplicatedTable {
    @usableFromInline var contents: [Element] = []
    /// The original's: each slot rewritten, in order. A replica's: each slot below `base`
    /// it rewrote since its last take, with the element it replaced (what it appended, it
    /// drops by its count).
    @usableFromInline var journal: [(index: Int, before: Element)] = []
    @usableFromInline var journaling = false
    /// A replica's count at its last take, and how much of the original's journal it took
    /// (nil: no journal taken yet).
    @usableFromInline var base = 0
    @usableFromInline var taken: Int?

    @inlinable
    public init() {}

    @inlinable
    public init(_ contents: [Element]) { self.contents = contents }

    /// The elements, to read.
    @inlinable public var array: [Element] { contents }

    @inlinable public var count: Int { contents.count }

    public subscript(index: Int) -> Element {
        @inlinable get { contents[index] }
        @inlinable set {
            if journaling && (taken == nil || index < base) { journal.append((index, contents[index])) }
            contents[index] = newValue
        }
    }

    public subscript(bounds: Range<Int>) -> ArraySlice<Element> {
        @inlinable get { contents[bounds] }
    }

    /// The element at `index` (not negative), or `fallback` past the end: one comparison,
    /// for a table looked up in a search's inner loop.
    @inlinable
    public func element(at index: Int, else fallback: Element) -> Element {
        contents.withUnsafeBufferPointer { index < $0.count ? $0[index] : fallback }
    }

    @inlinable
    public mutating func append(_ element: Element) { contents.append(element) }

    @inlinable
    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        contents.append(contentsOf: elements)
    }

    @inlinable
    public mutating func startJournal() {
        journaling = true
    }

    @inlinable
    public mutating func take(_ original: Self) {
        if let taken, original.journaling {
            for (index, before) in journal.reversed() { contents[index] = before }
            contents.removeLast(contents.count - base)
            for (index, _) in original.journal[taken...] where index < base { contents[index] = original.contents[index] }
            contents.append(contentsOf: original.contents[base...])
        } else {
            contents = original.contents.unshared()
        }
        journal.removeAll(keepingCapacity: true)
        base = contents.count
        taken = original.journaling ? original.journal.count : nil
        journaling = true
    }
}

extension ReplicatedDictionary: Equatable where Value: Equatable {
    /// Equal contents (journals aside).
    public static func == (a: Self, b: Self) -> Bool { a.contents == b.contents }
}

extension ReplicatedArray: Equatable where Element: Equatable {
    /// Equal contents (journals aside).
    public static func == (a: Self, b: Self) -> Bool { a.contents == b.contents }
}

import KPIR

/// The sets of POR_EL1 values a permission check may use (`eff`, DESIGN.md §3),
/// interned: a CPU's state holds the id of its set, so a set grows with every distinct
/// value written between two context synchronization events, at one word per CPU and
/// with no limit on its size. Ids are this table's, like term ids are the term
/// store's: states of one machine only.
///
/// Not thread-safe: one table per machine.
struct EffSets: ReplicatedTable {
    /// The values of each set, ascending. Id 0 is the empty set, which no CPU's `eff`
    /// ever is: it is what a cleared word (a context not in use) holds, so renaming
    /// tasks (`SymmetryTables`) maps a cleared word to a cleared word.
    private var sets = ReplicatedArray<[ValueWord]>([[]])
    private var ids: ReplicatedDictionary<[ValueWord], UInt32> = {
        var ids = ReplicatedDictionary<[ValueWord], UInt32>()
        ids[[]] = 0
        return ids
    }()
    /// `singleton(v)`, by value: the set every synchronization makes.
    private var singletons = ReplicatedDictionary<ValueWord, UInt32>()
    /// `inserting(v, into: id)`, by both.
    private var insertions = ReplicatedDictionary<Insertion, UInt32>()

    private struct Insertion: Hashable {
        let set: UInt32
        let value: ValueWord
    }

    mutating func startJournal() {
        sets.startJournal()
        ids.startJournal()
        singletons.startJournal()
        insertions.startJournal()
    }

    /// The original's sets (see `Machine.synchronize(with:)`).
    mutating func take(_ original: EffSets) {
        sets.take(original.sets)
        ids.take(original.ids)
        singletons.take(original.singletons)
        insertions.take(original.insertions)
        largest = original.largest
    }

    /// How many sets were made (the empty set included).
    var count: Int { sets.count }

    /// The most values any set made so far holds.
    private(set) var largest = 0

    func values(_ id: UInt32) -> [ValueWord] { sets[Int(id)] }

    mutating func singleton(_ v: ValueWord) -> UInt32 {
        if let known = singletons[v] { return known }
        let id = intern([v])
        singletons[v] = id
        return id
    }

    mutating func inserting(_ v: ValueWord, into id: UInt32) -> UInt32 {
        let key = Insertion(set: id, value: v)
        if let known = insertions[key] { return known }
        var values = sets[Int(id)]
        if !values.contains(v) {
            values.append(v)
            values.sort()
        }
        let result = intern(values)
        insertions[key] = result
        return result
    }

    /// The set of `values`, in any order, with repeats (a renamed set, say).
    mutating func interning(_ values: [ValueWord]) -> UInt32 { intern(Array(Set(values)).sorted()) }

    private mutating func intern(_ values: [ValueWord]) -> UInt32 {
        if let known = ids[values] { return known }
        let id = UInt32(sets.count)
        sets.append(values)
        ids[values] = id
        largest = max(largest, values.count)
        return id
    }
}

import KPIR
import KPSolver

/// The conjuncts of each path condition the machine made (see `Machine.conjoin`), in
/// ascending term ids, all in one flat array: the table holds only plain values, and no
/// array per condition is shared between threads, whose reference count both would write
/// at every read (copying the table with an array per condition was a third of the time
/// a replica took to copy the machine's tables, and a replica syncs hundreds of times a
/// search).
struct ConjunctTable: ReplicatedTable {
    /// Where each condition's conjuncts are in `flat`.
    private var ranges = ReplicatedDictionary<ValueWord, Range<Int32>>()
    private var flat = ReplicatedArray<TermID>()

    var count: Int { ranges.count }

    /// The conjuncts of `pc`, or nil for a condition `conjoin` did not make.
    subscript(pc: ValueWord) -> ArraySlice<TermID>? {
        guard let range = ranges[pc] else { return nil }
        return flat[Int(range.lowerBound)..<Int(range.upperBound)]
    }

    /// Records `conjuncts` as those of `pc` (replacing what it had).
    mutating func record(_ conjuncts: [TermID], of pc: ValueWord) {
        let start = Int32(flat.count)
        flat.append(contentsOf: conjuncts)
        ranges[pc] = start..<Int32(flat.count)
    }

    mutating func startJournal() {
        ranges.startJournal()
        flat.startJournal()
    }

    /// The original's conditions (see `Machine.synchronize(with:)`).
    mutating func take(_ original: ConjunctTable) {
        ranges.take(original.ranges)
        flat.take(original.flat)
    }
}

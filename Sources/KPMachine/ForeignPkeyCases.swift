import KPSolver

/// The modular search's case split on the pkeys 2-7 fields of the tasks' POR_EL1.
///
/// Those fields belong to other kpkeys users, so each task's are a symbol, and the
/// switch hook and the entry reset compare whole POR_EL1 values: each comparison forks
/// the path condition. The interleaved search keeps one state per branch taken and
/// that is all. In the modular search a view and every task it releases carry what
/// their path learnt, and each combination meets each other one: in `any` with 2 CPUs
/// 48 distinct waiting tasks per task became 8,000 pool items with 263 different path
/// conditions. Deciding every equality among the fields (and POR_EL1_INIT's) up front,
/// one case per set partition of them, decides those branches for good: a path
/// condition then stays the one its case started with. Every valuation of the symbols
/// falls in exactly one case, so the cases' searches together are the search.
///
/// In a case, tasks whose fields are equal start with one value, the same term (the
/// first such task's symbol, or POR_EL1_INIT's fields when they equal those): a value
/// equal to another is then the same word, and states that differ only in which of two
/// equal values a register holds are one state.
struct ForeignPkeyCases {
    /// Each case's conjuncts: for every pair of fields, equal or not.
    var conjuncts: [[TermID]] = []
    /// The conjuncts of all cases: a view or item keeps them whatever it mentions.
    var basis: Set<TermID> = []
    /// The case each path condition seen belongs to (0 when there are none).
    var caseOf: [ValueWord: Int] = [:]
    /// The cases' own path conditions: nothing in them is ever irrelevant.
    var conditions: Set<ValueWord> = []

    /// The set partitions of `n` elements, each as the block of every element
    /// (restricted growth strings: element i's block is at most one more than any
    /// before it), in lexicographic order.
    static func setPartitions(of n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        var result: [[Int]] = [], blocks = [0]
        func extend(_ highest: Int) {
            if blocks.count == n { result.append(blocks); return }
            for b in 0...highest + 1 {
                blocks.append(b)
                extend(max(highest, b))
                blocks.removeLast()
            }
        }
        extend(0)
        return result
    }

    /// `blocks` with its elements permuted (element i becomes `permutation[i]`),
    /// renumbered as a restricted growth string.
    static func permuted(_ blocks: [Int], by permutation: [Int]) -> [Int] {
        var moved = blocks
        for (i, b) in blocks.enumerated() { moved[permutation[i]] = b }
        var renumber: [Int: Int] = [:]
        return moved.map { b in
            if let known = renumber[b] { return known }
            renumber[b] = renumber.count
            return renumber.count - 1
        }
    }

    /// The partitions no permutation maps to a smaller one: one per orbit.
    static func representatives(_ partitions: [[Int]], under permutations: [[Int]]) -> [[Int]] {
        partitions.filter { p in permutations.allSatisfy { !permuted(p, by: $0).lexicographicallyPrecedes(p) } }
    }
}

extension Machine {
    /// Each case's path condition and the tasks' initial POR_EL1 in it (see
    /// `ForeignPkeyCases`), leaving out the cases an automorphism of the initial
    /// configuration maps to one kept: two CPUs that start running tasks of one function
    /// may trade places with those tasks and their idle tasks, and tasks of one function
    /// that start waiting may trade places. The initial state is then the same, and the
    /// case so permuted reaches the same views with tasks and CPUs renamed, so the same
    /// findings. (Swapping a task that starts running with one that starts waiting is no
    /// such renaming: the case where the waiting task's fields equal the idle task's is
    /// not the one where the running task's do.)
    func foreignPkeyCases() -> [(condition: ValueWord, por: [ValueWord])] {
        let fields = foreignFields
        var result: [(condition: ValueWord, por: [ValueWord])] = []
        cases = ForeignPkeyCases()
        var partitions = ForeignPkeyCases.setPartitions(of: fields.count)
        // One field per task, then POR_EL1_INIT's, which stays where it is.
        if fields.count == taskCount + 1 {
            let symmetries = Automorphism.group(entries: config.taskEntries, cpus: config.cpus, initial: true)
            partitions = ForeignPkeyCases.representatives(partitions, under: symmetries.map { $0.task + [taskCount] })
        }
        for blocks in partitions {
            var pc = values.make(1), conjuncts: [TermID] = []
            for i in fields.indices {
                for j in i + 1 ..< fields.count {
                    let c = terms.binary(blocks[i] == blocks[j] ? .eq : .ne, fields[i], fields[j])
                    conjuncts.append(c)
                    pc = conjoin(pc, c)
                }
            }
            cases.conjuncts.append(conjuncts)
            cases.basis.formUnion(conjuncts)
            cases.caseOf[pc] = cases.conjuncts.count - 1
            cases.conditions.insert(pc)
            let initField = fields.count - 1
            let por = (0..<taskCount).map { t in
                let block = blocks[foreignFieldOfTask[t]]
                let field = blocks[initField] == block ? initField : blocks.firstIndex(of: block)!
                return values.word(terms.binary(.or, fields[field], terms.constant(constants.porInit & 0xFF)))
            }
            result.append((pc, por))
        }
        return result
    }

    /// The case a path condition lies in: the one whose conjuncts it has (it has
    /// exactly one case's, unless no case split was made: then 0).
    func foreignPkeyCase(of pc: ValueWord) -> Int {
        if let known = cases.caseOf[pc] { return known }
        let conjuncts = Set(pathConditionConjuncts[pc] ?? [])
        let index = cases.conjuncts.firstIndex { $0.allSatisfy(conjuncts.contains) } ?? 0
        cases.caseOf[pc] = index
        return index
    }
}

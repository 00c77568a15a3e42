/// A renaming of CPUs and tasks: CPU c becomes `cpu[c]`, task t becomes `task[t]`
/// (scenario tasks, then one idle task per CPU, as in `Machine`). Idle tasks always go
/// with their CPU: CPU c's idle task becomes CPU `cpu[c]`'s.
struct Automorphism: Equatable {
    let cpu: [Int]
    let task: [Int]
    /// The CPU that becomes CPU d, and the task that becomes task u.
    let cpuSource: [Int]
    let taskSource: [Int]

    init(cpu: [Int], task: [Int]) {
        func inverse(_ p: [Int]) -> [Int] {
            var result = p
            for (i, j) in p.enumerated() { result[j] = i }
            return result
        }
        self.cpu = cpu
        self.task = task
        cpuSource = inverse(cpu)
        taskSource = inverse(task)
    }

    /// `entries[t]` is the function task t runs; the renamings where each task becomes
    /// one that runs the same function.
    ///
    /// `initial`: only those that map the initial configuration onto itself. CPU c starts
    /// running task c and the tasks from `cpus` on start waiting, so a CPU renaming
    /// carries the task it starts with (the two must run the same function), and a task
    /// that starts waiting becomes another that starts waiting. Otherwise every renaming
    /// of CPUs, and of the tasks that run one function among themselves, whichever CPU
    /// they start on: the machine treats CPUs, and tasks that run the same function,
    /// alike, so any of them maps a step to a step, if not the initial state to itself.
    ///
    /// Stops at `limit` renamings (the identity first): any subset of a group still only
    /// identifies what the group identifies.
    static func group(entries: [Int], cpus: Int, initial: Bool, limit: Int = 1_000) -> [Automorphism] {
        let n = entries.count
        let cpuRenamings = initial ? permutations(of: Array(entries[0..<cpus])) : permutations(of: Array(repeating: 0, count: cpus))
        let taskRenamings: [[Int]]
        if initial {
            taskRenamings = permutations(of: Array(entries[cpus...])).map { Array(0..<cpus) + $0.map { $0 + cpus } }
        } else {
            taskRenamings = permutations(of: entries)
        }
        var result: [Automorphism] = []
        for c in cpuRenamings {
            for t in taskRenamings {
                let scenario = initial ? (0..<n).map { $0 < cpus ? c[$0] : t[$0] } : t
                result.append(Automorphism(cpu: c, task: scenario + c.map { n + $0 }))
                if result.count == limit { return result }
            }
        }
        return result
    }

    /// Every permutation of `0..<kinds.count` that maps each element to one of the same
    /// kind, the identity first.
    static func permutations(of kinds: [Int]) -> [[Int]] {
        var result: [[Int]] = [], chosen: [Int] = [], used = [Bool](repeating: false, count: kinds.count)
        func extend() {
            if chosen.count == kinds.count { result.append(chosen); return }
            for j in kinds.indices where !used[j] && kinds[j] == kinds[chosen.count] {
                used[j] = true
                chosen.append(j)
                extend()
                chosen.removeLast()
                used[j] = false
            }
        }
        extend()
        return result
    }
}

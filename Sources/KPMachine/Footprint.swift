import KPExplorer

/// What one step touched of the state other CPUs read or write: its dependencies, in the
/// sense of LTSmin's PINS read/write matrices, derived from what the step did rather than
/// declared by hand. Partial-order reduction (`Successor.local`) and the modular search
/// (which steps look at the run queue) are computed from it.
///
/// - Writes are found by comparing the state after the step with the state before it,
///   word by word, against the layout's regions (`StateLayout.Region`): nothing a step
///   writes can be missed.
/// - Reads of state another CPU may write happen only through `readWord`, which
///   classifies the word the same way; every other read in the machine is of the
///   stepping CPU's own words, of the tasks it owns (runs, or has claimed to switch to)
///   or of the running context's own frame, which no other CPU writes.
struct Footprint {
    /// Read a word another CPU may write.
    var sharedRead = false
    /// Wrote a word another CPU may read or write.
    var sharedWrite = false
    /// Read the status of a task this CPU does not own: which tasks wait to run.
    var readsRunQueue = false

    /// Commutes with every step of every other CPU.
    var isLocal: Bool { !sharedRead && !sharedWrite }
}

extension Machine {
    /// Whether a word is private to CPU `c` in `s`: its own words, and the words of the
    /// tasks it owns except their status, which every CPU's scheduler reads.
    @inline(__always)
    func isPrivate(_ word: Int, toCPU c: Int, in s: PackedState) -> Bool {
        switch layout.region(of: word) {
        case .pathCondition:
            // Narrowed by branches only: for each valuation of the symbols a branch is a
            // local computation, one of its forks keeps that valuation, and a check
            // under a weaker condition only finds more, real, violations.
            return true
        case .cpu(let d): return d == c
        case .task(let t): return owns(c, task: t, in: s)
        case .status, .shared: return false
        }
    }

    /// CPU `c` runs task `t`, or has claimed it to switch to: no other CPU touches it.
    @inline(__always)
    func owns(_ c: Int, task t: Int, in s: PackedState) -> Bool {
        let cpu = layout.cpu(c)
        return s[cpu + StateLayout.cpuTask] == UInt32(t) || s[cpu + StateLayout.cpuSwitchNext] == UInt32(t + 1)
    }

    /// Reads a word that may belong to another CPU, recording the dependency.
    @inline(__always)
    func readWord(_ e: inout Exec, _ word: Int) -> UInt32 {
        if !isPrivate(word, toCPU: e.cpu, in: e.state) {
            e.footprint.sharedRead = true
            if case .status = layout.region(of: word) { e.footprint.readsRunQueue = true }
        }
        return e.state[word]
    }

    /// Records the words the step wrote that are not private to its CPU, by comparing its
    /// state with `before`, the state it started from (ownership as it was then). The same
    /// classification as `isPrivate`, 32 words at a time: the words that differ, less the
    /// CPU's own and those of the (at most two) tasks it owns (`StateLayout.cpuPrivateBits`).
    /// Asking `isPrivate` of each word that differs was 5% of a search.
    func recordWrites(_ e: inout Exec, from before: PackedState) {
        guard !e.footprint.sharedWrite else { return }
        let layout = layout, words = layout.bitmapWords, cpu = layout.cpu(e.cpu), tasks = taskCount
        precondition(before.count == layout.width && e.state.count == layout.width, "a state of another width")
        // The tasks `owns` names: the one the CPU runs and the one it claimed to switch to.
        let running = Int(before[cpu + StateLayout.cpuTask]), claimed = Int(before[cpu + StateLayout.cpuSwitchNext]) - 1
        let shared = layout.cpuPrivateBits.withUnsafeBufferPointer { cpuBits in
            layout.taskPrivateBits.withUnsafeBufferPointer { taskBits in
                before.withUnsafeBufferPointer { old in
                    e.state.withUnsafeBufferPointer { new in
                        let own = cpuBits.baseAddress! + e.cpu * words
                        let first = running < tasks ? taskBits.baseAddress! + running * words : nil
                        let second = claimed >= 0 && claimed < tasks ? taskBits.baseAddress! + claimed * words : nil
                        return WordRuns.differ(old, new, outside: own, first, second, vectorKernels: VectorKernels.available)
                    }
                }
            }
        }
        if shared { e.footprint.sharedWrite = true }
    }
}

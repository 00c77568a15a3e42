import KPExplorer

/// Reading a packed state back, for traces and reports.
extension Machine {
    /// Words in a packed state of this configuration.
    public var stateWords: Int { layout.width }

    public func por(in s: PackedState, cpu c: Int) -> ValueWord {
        s[layout.cpu(c) + StateLayout.cpuPOR]
    }

    public func eff(in s: PackedState, cpu c: Int) -> [ValueWord] {
        effValues(s, cpu: c)
    }

    /// The most values a permission check could choose from at once, over every state
    /// this machine made: how many POR_EL1 writes went unsynchronized.
    public var largestEff: Int { effSets.largest }

    /// Names of the thread flags set on task `t` (`TIF_LAZY_MMU_PENDING`, or `flag 5`).
    public func flags(in s: PackedState, task t: Int) -> [String] {
        let base = layout.taskBase[t]
        let word = UInt64(s[base + StateLayout.taskTIFLow]) | UInt64(s[base + StateLayout.taskTIFHigh]) << 32
        return (0..<64).filter { word & (UInt64(1) << UInt64($0)) != 0 }.map { flagName(UInt64($0)) }
    }
}

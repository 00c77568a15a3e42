import KPExplorer
import KPMachine
import KPReport

/// The range is report data (KPReport); measuring it takes the machine.
extension CostRange {
    /// Every complete run's costs, bounded by `PathCostSearch` (each state expanded
    /// once; memory O(states), about 60 bytes each).
    public static func measure(_ config: MachineConfig) throws -> CostRange {
        let result = try PathCostSearch(system: try Machine(config: config), bounds: Bounds.self).run()
        var range = CostRange()
        range.cyclic = result.cyclic
        range.states = result.states
        let root = result.bounds
        if root.minISB != Int32.max {
            range.minISB = Int(root.minISB); range.maxISB = Int(root.maxISB)
            range.minDSB = Int(root.minDSB); range.maxDSB = Int(root.maxDSB)
            range.minPORWrites = Int(root.minPOR); range.maxPORWrites = Int(root.maxPOR)
            range.maxExposure = Int(root.maxExposure)
        }
        return range
    }

    /// Cost from a state to the end of any complete run through it.
    struct Bounds: PathCostBounds {
        var minISB, maxISB, minDSB, maxDSB, minPOR, maxPOR, maxExposure: Int32

        /// No complete run known yet (every successor closed a cycle, so far).
        static let unreached = Bounds(minISB: .max, maxISB: .min, minDSB: .max, maxDSB: .min,
                                      minPOR: .max, maxPOR: .min, maxExposure: .min)
        static let finished = Bounds(minISB: 0, maxISB: 0, minDSB: 0, maxDSB: 0, minPOR: 0, maxPOR: 0, maxExposure: 0)

        mutating func formUnion(_ other: Bounds) {
            minISB = min(minISB, other.minISB); maxISB = max(maxISB, other.maxISB)
            minDSB = min(minDSB, other.minDSB); maxDSB = max(maxDSB, other.maxDSB)
            minPOR = min(minPOR, other.minPOR); maxPOR = max(maxPOR, other.maxPOR)
            maxExposure = max(maxExposure, other.maxExposure)
        }

        func prefixed(by step: StepCost) -> Bounds {
            guard minISB != .max else { return self }
            let isb = Int32(step.isb), dsb = Int32(step.dsb), por = Int32(step.porWrites)
            return Bounds(minISB: minISB + isb, maxISB: maxISB + isb, minDSB: minDSB + dsb, maxDSB: maxDSB + dsb,
                          minPOR: minPOR + por, maxPOR: maxPOR + por, maxExposure: maxExposure + (step.exposed ? 1 : 0))
        }
    }
}

import KPExplorer
import KPMachine
import KPReport

/// The range is report data (KPReport); measuring it takes the machine.
extension CostRange {
    /// Dynamic programming over the state graph: an iterative depth-first search in
    /// which each state, once all its successors are done, gets the min/max cost from it
    /// to the end. States are keyed by fingerprint and hold seven counters, so memory is
    /// O(states) (about 60 bytes each) and each state is expanded once.
    public static func measure(_ config: MachineConfig) throws -> CostRange {
        let machine = try Machine(config: config)
        var index: [Fingerprint: Int32] = [:]
        var bounds: [Bounds] = []
        var onStack: [Bool] = []
        var range = CostRange()

        struct Frame {
            var state: Int32
            var edges: [Transition]
            var next = 0
            var acc = Bounds.empty
        }
        var stack: [Frame] = []
        // A virtual root over the initial states: its bounds are the answer.
        var root = Bounds.empty

        func push(_ s: PackedState) throws -> Int32 {
            let i = Int32(bounds.count)
            index[Fingerprint(s)] = i
            bounds.append(.empty)
            onStack.append(true)
            stack.append(Frame(state: i, edges: try machine.transitions(of: s)))
            return i
        }

        for initial in try machine.initialStates() {
            if let known = index[Fingerprint(initial)] {
                root.merge(bounds[Int(known)], plus: nil)
                continue
            }
            _ = try push(initial)
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].edges.count {
                    let edge = stack[top].edges[stack[top].next]
                    stack[top].next += 1
                    if let known = index[Fingerprint(edge.state)] {
                        if onStack[Int(known)] {
                            range.cyclic = true
                        } else {
                            stack[top].acc.merge(bounds[Int(known)], plus: edge)
                        }
                    } else {
                        _ = try push(edge.state)
                    }
                    continue
                }
                let done = stack.removeLast()
                let result = done.edges.isEmpty ? Bounds.zero : done.acc
                bounds[Int(done.state)] = result
                onStack[Int(done.state)] = false
                if let parent = stack.indices.last {
                    let edge = stack[parent].edges[stack[parent].next - 1]
                    stack[parent].acc.merge(result, plus: edge)
                } else {
                    root.merge(result, plus: nil)
                }
            }
        }
        range.states = bounds.count
        if root.minISB != Int32.max {
            range.minISB = Int(root.minISB); range.maxISB = Int(root.maxISB)
            range.minDSB = Int(root.minDSB); range.maxDSB = Int(root.maxDSB)
            range.minPORWrites = Int(root.minPOR); range.maxPORWrites = Int(root.maxPOR)
            range.maxExposure = Int(root.maxExposure)
        }
        return range
    }

    /// Cost from a state to the end of any complete run through it.
    struct Bounds {
        var minISB, maxISB, minDSB, maxDSB, minPOR, maxPOR, maxExposure: Int32

        /// No complete run known yet (every successor closed a cycle, so far).
        static let empty = Bounds(minISB: .max, maxISB: .min, minDSB: .max, maxDSB: .min,
                                  minPOR: .max, maxPOR: .min, maxExposure: .min)
        static let zero = Bounds(minISB: 0, maxISB: 0, minDSB: 0, maxDSB: 0, minPOR: 0, maxPOR: 0, maxExposure: 0)

        /// Adds the runs that take `edge` and then go on as `other` says.
        mutating func merge(_ other: Bounds, plus edge: Transition?) {
            guard other.minISB != .max else { return }
            let isb = Int32(edge?.isb ?? 0), dsb = Int32(edge?.dsb ?? 0), por = Int32(edge?.porWrites ?? 0)
            let exposed: Int32 = edge?.exposed == true ? 1 : 0
            minISB = min(minISB, other.minISB + isb); maxISB = max(maxISB, other.maxISB + isb)
            minDSB = min(minDSB, other.minDSB + dsb); maxDSB = max(maxDSB, other.maxDSB + dsb)
            minPOR = min(minPOR, other.minPOR + por); maxPOR = max(maxPOR, other.maxPOR + por)
            maxExposure = max(maxExposure, other.maxExposure + exposed)
        }
    }
}

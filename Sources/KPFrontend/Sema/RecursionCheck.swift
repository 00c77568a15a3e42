import KPIR

/// The machine runs functions without a stack bound, so the call graph must be acyclic.
enum RecursionCheck {
    /// Throws at the call that closes the first cycle found, searching functions and
    /// their calls in source order.
    static func run(_ functions: [CheckedFunction]) throws(DiagnosticError) {
        var state = [UInt8](repeating: 0, count: functions.count)  // 0 unvisited, 1 on the path, 2 done
        var path: [Int] = []
        for root in functions.indices where state[root] == 0 {
            try visit(root, functions, &state, &path)
        }
    }

    private static func visit(_ node: Int, _ functions: [CheckedFunction], _ state: inout [UInt8], _ path: inout [Int])
        throws(DiagnosticError) {
        state[node] = 1
        path.append(node)
        for call in functions[node].calls {
            switch state[call.function] {
            case 1:
                let start = path.firstIndex(of: call.function)!
                let cycle = path[start...].map { functions[$0].name } + [functions[call.function].name]
                throw DiagnosticError(SemanticError.recursion(cycle), at: call.location)
            case 0:
                try visit(call.function, functions, &state, &path)
            default:
                break
            }
        }
        path.removeLast()
        state[node] = 2
    }
}

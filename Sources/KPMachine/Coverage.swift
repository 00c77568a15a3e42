import KPIR
import KPProperties

extension Machine {
    /// Notes that the instruction at `codeIndex` ran (only when coverage is recorded).
    @inline(__always) func noteExecuted(_ codeIndex: Int) {
        if recordsCoverage { executed[codeIndex] = true }
    }

    /// Coverage of the functions that belong to the model files whose paths satisfy
    /// `include` (all of them by default), from what ran so far.
    public func coverage(include: (String) -> Bool = { _ in true }) -> Coverage {
        var ran: [Coverage.Line: Bool] = [:]
        var functionsRan: [String: Bool] = [:]
        for (f, function) in program.functions.enumerated() where include(function.location.file) {
            for (pc, instruction) in function.instructions.enumerated() where instruction.location.line > 0 {
                let line = Coverage.Line(file: instruction.location.file, line: instruction.location.line,
                                         function: function.name)
                let didRun = executed[codeStart[f] + pc]
                ran[line] = (ran[line] ?? false) || didRun
                functionsRan[function.name] = (functionsRan[function.name] ?? false) || didRun
            }
        }
        return Coverage(unexecutedLines: ran.filter { !$0.value }.map(\.key).sorted(),
                        unexecutedFunctions: functionsRan.filter { !$0.value }.map(\.key).sorted(),
                        linesWithCode: ran.count, linesExecuted: ran.values.filter { $0 }.count)
    }
}

/// A counterexample as a table for people: one row per step with its CPU, task,
/// context, source location and action, then only what changed — POR_EL1 and eff
/// of that CPU, the flags of that task — since they were last shown.
public enum TraceTable {
    public static func render(_ steps: [TraceStep]) -> String {
        var rows: [[String]] = [["step", "cpu", "task", "context", "where", "action", "changes"]]
        var lastPOR: [Int: String] = [:], lastEff: [Int: [String]] = [:], lastFlags: [String: [String]] = [:]
        for s in steps {
            var changes: [String] = []
            if lastPOR[s.cpu] != s.por {
                changes.append(lastPOR[s.cpu].map { "POR_EL1 \($0) → \(s.por)" } ?? "POR_EL1 = \(s.por)")
                lastPOR[s.cpu] = s.por
            }
            if lastEff[s.cpu] != s.eff {
                if s.eff.count > 1 || lastEff[s.cpu] != nil {
                    changes.append("eff {\(s.eff.joined(separator: ", "))}")
                }
                lastEff[s.cpu] = s.eff
            }
            if lastFlags[s.task] != s.flags {
                let before = Set(lastFlags[s.task] ?? [])
                let after = Set(s.flags)
                changes += after.subtracting(before).sorted().map { "+\($0)" }
                changes += before.subtracting(after).sorted().map { "-\($0)" }
                lastFlags[s.task] = s.flags
            }
            changes += s.violations.map { "!! \($0)" }
            let place = s.function.isEmpty ? s.location : "\(s.function) \(s.location)"
            rows.append([String(s.step), String(s.cpu), s.task, s.context, place, s.action.text, changes.joined(separator: "; ")])
        }
        return Table.render(rows)
    }
}

/// Left-aligned columns separated by two spaces.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count - 1 { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

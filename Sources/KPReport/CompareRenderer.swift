import Foundation

/// Renders a `CompareTable` as aligned text, as a Markdown table for a mail or a pull
/// request, or as JSON; all followed (text, Markdown) by a summary paragraph.
public enum CompareRenderer {
    public static func text(_ table: CompareTable) -> String {
        let rows = grid(table)
        var widths = Array(repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let lines = rows.map { row in
            var line = row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
        return shardLine(table) + ([lines[0], String(repeating: "-", count: lines[0].count)] + lines.dropFirst()).joined(separator: "\n")
            + "\n\n" + summary(table) + "\n"
    }

    public static func markdown(_ table: CompareTable) -> String {
        let rows = grid(table)
        let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + rows[0].map(escape).joined(separator: " | ") + " |",
                     "|" + rows[0].indices.map { $0 == 0 ? "---|" : ":---|" }.joined()]
        for row in rows.dropFirst() {
            lines.append("| " + row.map(escape).joined(separator: " | ") + " |")
        }
        return shardLine(table) + lines.joined(separator: "\n") + "\n\n" + summary(table) + "\n"
    }

    /// A shard's table holds only its share of the cells: said above it.
    static func shardLine(_ table: CompareTable) -> String {
        guard let shard = table.shard else { return "" }
        return "shard \(shard.index)/\(shard.count) of the \(shard.jobs) jobs of the comparison: cells of the other shards are n/a\n\n"
    }

    public static func json(_ table: CompareTable) throws -> String {
        struct Document: Encodable {
            var tool = "kpcheck", version = kpcheckVersion
            var table: CompareTable
            var summary: String
        }
        return try JSONReport.text(of: Document(table: table, summary: summary(table)))
    }

    /// Header, verdict rows (disagreements first, marked ≠), then cost rows. Cells read
    /// `canonical [min–max]`; the delta column (two columns only) is B − A on the
    /// canonical schedule.
    static func grid(_ table: CompareTable) -> [[String]] {
        let delta = table.columns.count == 2
        var rows = [["", "row"] + table.columns + (delta ? ["Δ (B − A)"] : [])]
        for row in table.verdicts {
            rows.append([row.disagrees ? "≠" : "", row.key.description]
                + row.cells.map { $0?.text ?? "n/a" } + (delta ? [""] : []))
        }
        for row in table.costs {
            let label = label(row.key)
            for metric in Metric.allCases {
                let values = row.cells.map { $0.map(metric.canonical) }
                var line = ["", "\(label) \(metric.rawValue)"] + row.cells.map { $0.map(metric.render) ?? "-" }
                if delta {
                    line.append(values[0].flatMap { a in values[1].map { b in signed(b - a) } } ?? "-")
                }
                rows.append(line)
            }
        }
        return rows
    }

    enum Metric: String, CaseIterable {
        case isb = "ISBs", dsb = "DSBs", porWrites = "POR_EL1 writes", exposure = "exposure", states = "states"

        func canonical(_ c: CompareTable.CostCell) -> Int {
            switch self {
            case .isb: c.isb
            case .dsb: c.dsb
            case .porWrites: c.porWrites
            case .exposure: c.exposure
            case .states: c.states
            }
        }

        func render(_ c: CompareTable.CostCell) -> String {
            let r = c.range
            let cyclic = r.cyclic ? " (cyclic)" : ""
            switch self {
            case .isb: return "\(c.isb) [\(r.minISB)–\(r.maxISB)]\(cyclic)"
            case .dsb: return "\(c.dsb) [\(r.minDSB)–\(r.maxDSB)]\(cyclic)"
            case .porWrites: return "\(c.porWrites) [\(r.minPORWrites)–\(r.maxPORWrites)]\(cyclic)"
            case .exposure: return "\(c.exposure) [max \(r.maxExposure)]\(cyclic)"
            case .states: return "\(c.states)"
            }
        }
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }

    /// A paragraph for a review reply: for two columns what B made cheaper or dearer,
    /// weaker (exposure up) and what it broke (holds → violated); for more, who disagrees.
    /// Cost changes are counted over the cost rows, with the largest change as example.
    public static func summary(_ table: CompareTable) -> String {
        let disagreements = table.verdicts.filter(\.disagrees)
        guard table.columns.count == 2 else {
            return "\(disagreements.count) of \(table.verdicts.count) verdicts differ between "
                + table.columns.joined(separator: ", ") + "."
        }
        let (a, b) = (table.columns[0], table.columns[1])
        let pairs = table.costs.compactMap { row in
            row.cells[0].flatMap { x in row.cells[1].map { (label: label(row.key), a: x, b: $0) } }
        }
        var cheaper: [String] = [], dearer: [String] = []
        for metric in [Metric.isb, .dsb, .porWrites] {
            let changes = pairs.map { (label: $0.label, a: metric.canonical($0.a), b: metric.canonical($0.b)) }
            let down = changes.filter { $0.b < $0.a }, up = changes.filter { $0.b > $0.a }
            if let most = down.max(by: { $0.a - $0.b < $1.a - $1.b }) {
                cheaper.append("fewer \(metric.rawValue) in \(down.count) of \(changes.count) rows (most in \(most.label): \(most.a) → \(most.b))")
            }
            if let most = up.max(by: { $0.b - $0.a < $1.b - $1.a }) {
                dearer.append("more \(metric.rawValue) in \(up.count) of \(changes.count) rows (most in \(most.label): \(most.a) → \(most.b))")
            }
        }
        let exposed = pairs.filter { $0.b.exposure > $0.a.exposure || $0.b.range.maxExposure > $0.a.range.maxExposure }
        let broke = disagreements.filter { $0.cells[0]?.status == "holds" && $0.cells[1]?.status == "violated" }
        let fixed = disagreements.filter { $0.cells[0]?.status == "violated" && $0.cells[1]?.status == "holds" }

        var parts = ["\(b) against \(a), on the canonical schedule:"]
        parts.append(cheaper.isEmpty ? "nothing got cheaper." : cheaper.joined(separator: "; ") + ".")
        if !dearer.isEmpty { parts.append("Dearer: " + dearer.joined(separator: "; ") + ".") }
        let growth = { (p: (label: String, a: CompareTable.CostCell, b: CompareTable.CostCell)) in
            (p.b.exposure - p.a.exposure, p.b.range.maxExposure - p.a.range.maxExposure)
        }
        if let most = exposed.max(by: { growth($0) < growth($1) }) {
            parts.append("Weaker: page tables stay writable over more ordinary kernel steps in \(exposed.count) of "
                + "\(pairs.count) rows (most in \(most.label): exposure \(most.a.exposure) → \(most.b.exposure), "
                + "at most \(most.a.range.maxExposure) → \(most.b.range.maxExposure) over all runs).")
        } else {
            parts.append("Exposure did not grow.")
        }
        parts.append(broke.isEmpty ? "No verdict went from holds to violated." :
            "Broke (holds → violated): " + broke.map(\.key.description).joined(separator: "; ") + ".")
        if !fixed.isEmpty { parts.append("Fixed (violated → holds): " + fixed.map(\.key.description).joined(separator: "; ") + ".") }
        let other = disagreements.count - broke.count - fixed.count
        if other > 0 { parts.append("\(other) other verdicts differ (n/a or incomplete on one side).") }
        return parts.joined(separator: " ")
    }

    static func label(_ key: CompareTable.CostRow.Key) -> String {
        [key.scenario, key.sweep ?? "", key.options].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

import Foundation

/// Renders a `CompareTable` as aligned text, as a Markdown table for a mail or a pull
/// request, or as JSON; all followed (text, Markdown) by a summary paragraph.
public enum CompareRenderer {
    public static func text(_ table: CompareTable) -> String {
        let rows = grid(table)
        var widths = Array(repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let lines = rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([lines[0], String(repeating: "-", count: lines[0].count)] + lines.dropFirst()).joined(separator: "\n")
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
        return lines.joined(separator: "\n") + "\n\n" + summary(table) + "\n"
    }

    public static func json(_ table: CompareTable) throws -> String {
        struct Document: Encodable {
            var tool = "kpcheck", version = kpcheckVersion
            var table: CompareTable
            var summary: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(table: table, summary: summary(table)))
        return String(decoding: data, as: UTF8.self) + "\n"
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
            let label = [row.key.scenario, row.key.sweep ?? "", row.key.options].filter { !$0.isEmpty }
                .joined(separator: " ")
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

    /// A paragraph for a review reply: for two columns what B made cheaper, weaker
    /// (exposure up) and what it broke (holds → violated); for more, who disagrees.
    public static func summary(_ table: CompareTable) -> String {
        let disagreements = table.verdicts.filter(\.disagrees)
        guard table.columns.count == 2 else {
            return "\(disagreements.count) of \(table.verdicts.count) verdicts differ between "
                + table.columns.joined(separator: ", ") + "."
        }
        let (a, b) = (table.columns[0], table.columns[1])
        var cheaper: [String] = [], dearer: [String] = [], weaker: [String] = [], stronger: [String] = []
        for row in table.costs {
            guard let x = row.cells[0], let y = row.cells[1] else { continue }
            let label = [row.key.scenario, row.key.sweep ?? "", row.key.options].filter { !$0.isEmpty }
                .joined(separator: " ")
            for metric in [Metric.isb, .dsb, .porWrites] {
                let (u, v) = (metric.canonical(x), metric.canonical(y))
                if v < u { cheaper.append("\(metric.rawValue) in \(label) \(u) → \(v)") }
                if v > u { dearer.append("\(metric.rawValue) in \(label) \(u) → \(v)") }
            }
            if y.exposure > x.exposure || y.range.maxExposure > x.range.maxExposure {
                weaker.append("\(label) \(x.exposure) → \(y.exposure) (max \(x.range.maxExposure) → \(y.range.maxExposure))")
            } else if y.range.maxExposure < x.range.maxExposure {
                stronger.append("\(label) max \(x.range.maxExposure) → \(y.range.maxExposure)")
            }
        }
        let broke = disagreements.filter { $0.cells[0]?.status == "holds" && $0.cells[1]?.status == "violated" }
        let fixed = disagreements.filter { $0.cells[0]?.status == "violated" && $0.cells[1]?.status == "holds" }
        var parts = ["Comparing \(b) against \(a) (canonical schedule):"]
        parts.append(cheaper.isEmpty ? "nothing got cheaper." : "cheaper: " + cheaper.joined(separator: "; ") + ".")
        if !dearer.isEmpty { parts.append("Dearer: " + dearer.joined(separator: "; ") + ".") }
        parts.append(weaker.isEmpty ? "Exposure did not grow." :
            "Weaker (page tables writable for more steps of ordinary kernel work): " + weaker.joined(separator: "; ") + ".")
        if !stronger.isEmpty { parts.append("Exposure shrank: " + stronger.joined(separator: "; ") + ".") }
        parts.append(broke.isEmpty ? "No verdict went from holds to violated." :
            "Broke (holds → violated): " + broke.map(\.key.description).joined(separator: "; ") + ".")
        if !fixed.isEmpty { parts.append("Fixed (violated → holds): " + fixed.map(\.key.description).joined(separator: "; ") + ".") }
        let other = disagreements.count - broke.count - fixed.count
        if other > 0 { parts.append("\(other) other verdicts differ (n/a or incomplete on one side).") }
        return parts.joined(separator: " ")
    }
}

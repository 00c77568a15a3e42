/// The human-readable output: one line per variant × scenario × property, the
/// trace of each violation, then the metrics.
public enum TextReport {
    public static func render(_ report: Report, showTraces: Bool = true) -> String {
        var out = ""
        var rows: [[String]] = [["variant", "scenario", "options", "property", "verdict", "expected"]]
        let withExpectations = report.results.contains { $0.expected != nil }
        for r in report.results {
            var verdict = r.status.rawValue
            if r.status == .violated, let n = r.trace?.count { verdict += " (\(n) steps)" }
            var expected = ""
            if let e = r.expected { expected = e == r.status ? "as expected" : "EXPECTED \(e.rawValue)" }
            rows.append([r.variant, r.scenario, optionsText(r.options), r.property, verdict, expected])
        }
        if !withExpectations { rows = rows.map { Array($0.dropLast()) } }
        out += Table.render(rows)
        if showTraces {
            for r in report.results where r.status == .violated {
                out += "\n\(r.variant) \(r.scenario) \(optionsText(r.options)): \(r.property) violated"
                if let location = r.location { out += " at \(location)" }
                out += "\n"
                if let message = r.message { out += "  \(message)\n" }
                if let trace = r.trace { out += TraceTable.render(trace) }
            }
        }
        if !report.metrics.isEmpty {
            out += "\n"
            var m: [[String]] = [["variant", "scenario", "options", "states", "transitions", "depth", "seconds",
                                  "isb", "dsb", "por_writes", "exposure"]]
            for row in report.metrics {
                m.append([row.variant, row.scenario, optionsText(row.options), String(row.states),
                          String(row.transitions), String(row.depth), formatSeconds(row.seconds), String(row.isb),
                          String(row.dsb), String(row.porWrites), String(row.exposure)])
            }
            out += Table.render(m)
            var seen: Set<String> = []
            let bounds = report.metrics.compactMap { row in row.bounds.map { (row.scenario, $0) } }
                .filter { seen.insert($0.0 + ": " + $0.1).inserted }
            if !bounds.isEmpty {
                out += "\nbounds (a proof covers every execution, of any length, within them):\n"
                for (scenario, text) in bounds { out += "  \(scenario): \(text)\n" }
            }
        }
        return out
    }

    public static func optionsText(_ options: [String: String]) -> String {
        options.isEmpty ? "-" : options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ",")
    }

    static func formatSeconds(_ s: Double) -> String {
        String(Double(Int(s * 100)) / 100)
    }
}

import Foundation

/// The human-readable output: one line per variant × scenario × property, the
/// trace of each violation, then the metrics.
public enum TextReport {
    public static func render(_ report: Report, showTraces: Bool = true) -> String {
        var out = ""
        if let shard = report.shard {
            out += "shard \(shard.index)/\(shard.count): \(report.metrics.count) of the \(shard.jobs) jobs of the run (kpcheck merge combines the shards)\n\n"
        }
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
                                  "isb", "dsb", "por_writes", "exposure", "collision"]]
            for row in report.metrics {
                m.append([row.variant, row.scenario, optionsText(row.options), String(row.states),
                          String(row.transitions), String(row.depth), formatSeconds(row.seconds), String(row.isb),
                          String(row.dsb), String(row.porWrites), String(row.exposure),
                          collisionText(row.collisionProbability, exact: row.exact)])
            }
            out += Table.render(m)
            out += report.metrics.allSatisfy(\.exact)
                ? "collision: exact, every state stored whole (--exact): no state hidden by a fingerprint collision\n"
                : "collision: the probability that a fingerprint collision hid a state, n(n-1)/2^65 for n states; "
                    + "--exact stores states whole\n"
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

    /// `exact`, or a probability with two significant digits (`2.7e-04`).
    public static func collisionText(_ probability: Double, exact: Bool) -> String {
        exact ? "exact" : probability == 0 ? "0" : String(format: "%.1e", probability)
    }

    /// `2.7e-04 (1 in 3,700)`: the odds too, to two significant digits, for people.
    public static func collisionOdds(_ probability: Double) -> String {
        let text = collisionText(probability, exact: false)
        guard probability > 0, probability < 0.5, 1 / probability < 1e15 else { return text }
        let inverse = 1 / probability
        let magnitude = pow(10, max(0, floor(log10(inverse)) - 1))
        var digits = String(Int((inverse / magnitude).rounded() * magnitude))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return text + " (1 in \(digits + grouped))"
    }

    static func formatSeconds(_ s: Double) -> String {
        String(Double(Int(s * 100)) / 100)
    }
}

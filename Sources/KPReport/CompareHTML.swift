/// `kpcheck compare --report FILE.html`: one self-contained page with the verdict
/// matrix (columns side by side, disagreements first), the costs, a line chart per cost
/// against a swept value, and each disagreement's counterexample as a timeline.
public enum CompareHTML {
    public static func render(_ table: CompareTable, sweepKey: String?) -> String {
        var body = "<h1>kpcheck compare: \(HTMLReport.escape(table.columns.joined(separator: " · ")))</h1>\n"
        let disagreements = table.verdicts.filter(\.disagrees).count
        body += "<p>\(disagreements) of \(table.verdicts.count) verdict rows disagree; they come first.</p>\n"
        body += "<h2>Verdicts</h2>\n" + verdicts(table)
        body += "<h2>Costs</h2>\n" + costs(table)
        if let sweepKey { body += "<h2>Costs against \(HTMLReport.escape(sweepKey))</h2>\n" + charts(table, sweepKey: sweepKey) }
        for (n, trace) in table.disagreementTraces.enumerated() {
            let column = ([trace.variant] + trace.overrides).joined(separator: " + ")
            body += "<h2 id=\"trace-\(n + 1)\">\(HTMLReport.escape("\(trace.scenario): \(trace.property) violated in \(column)"))</h2>\n"
            body += "<p class=\"message\">\(HTMLReport.escape(trace.message))</p>\n"
            body += TimelineSVG.render(trace.steps) + HTMLReport.legend + HTMLReport.stepTable(trace.steps)
        }
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>kpcheck compare</title>\n"
            + "<style>\n\(HTMLReport.style)\(style)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }

    static func verdicts(_ table: CompareTable) -> String {
        var out = "<table class=\"matrix compare\">\n<tr><th></th><th>scenario</th><th>options</th><th>property</th>"
        out += table.columns.map { "<th>\(HTMLReport.escape($0))</th>" }.joined() + "</tr>\n"
        for row in table.verdicts {
            let options = [row.key.sweep ?? "", row.key.options].filter { !$0.isEmpty }.joined(separator: " ")
            out += "<tr\(row.disagrees ? " class=\"disagrees\"" : "")><td>\(row.disagrees ? "≠" : "")</td>"
            out += [row.key.scenario, options, row.key.property].map { "<td>\(HTMLReport.escape($0))</td>" }.joined()
            for (c, cell) in row.cells.enumerated() {
                let status = cell?.status ?? "n/a"
                var mark = symbol(status) + (cell?.steps.map { " \($0)" } ?? "")
                if let n = table.disagreementTraces.firstIndex(where: { trace in
                    trace.scenario == row.key.scenario && trace.property == row.key.property && status == "violated"
                        && (table.columns[c] == trace.variant || table.columns[c].hasPrefix(trace.variant + "+")) }) {
                    mark = "<a href=\"#trace-\(n + 1)\">\(mark)</a>"
                }
                out += "<td class=\"v-\(status == "n/a" ? "na" : status)\" title=\"\(HTMLReport.escape(cell?.text ?? status))\">\(mark)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n<p class=\"key\">✓ holds · ✗ violated (with the shortest trace's steps) · – n/a · "
            + "? incomplete or unknown · ≠ the columns disagree</p>\n"
    }

    static func costs(_ table: CompareTable) -> String {
        var out = "<table class=\"costs\">\n<tr><th>scenario</th><th>options</th>"
        out += table.columns.map { "<th>\(HTMLReport.escape($0))</th>" }.joined() + "</tr>\n"
        for row in table.costs {
            let options = [row.key.sweep ?? "", row.key.options].filter { !$0.isEmpty }.joined(separator: " ")
            out += "<tr><td>\(HTMLReport.escape(row.key.scenario))</td><td>\(HTMLReport.escape(options))</td>"
            for cell in row.cells {
                out += "<td>" + (cell.map { c in
                    "isb \(c.isb) · dsb \(c.dsb) · POR_EL1 writes \(c.porWrites) · exposure \(c.exposure) · \(c.states) states"
                } ?? "–") + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n<p class=\"key\">Counts on the canonical schedule (one CPU, no interrupts, no preemption); "
            + "exposure: steps with page tables writable.</p>\n"
    }

    /// Per scenario × option point, one chart for each cost: x the swept values in the
    /// order given, a polyline per column.
    static func charts(_ table: CompareTable, sweepKey: String) -> String {
        var groups: [String] = [], rows: [String: [CompareTable.CostRow]] = [:]
        for row in table.costs {
            let group = [row.key.scenario, row.key.options].filter { !$0.isEmpty }.joined(separator: " ")
            if rows[group] == nil { groups.append(group) }
            rows[group, default: []].append(row)
        }
        let metrics: [(String, (CompareTable.CostCell) -> Int)] = [("ISBs", \.isb), ("POR_EL1 writes", \.porWrites), ("exposure", \.exposure)]
        var out = ""
        for group in groups {
            let groupRows = rows[group]!
            let labels = groupRows.map { String(($0.key.sweep ?? "").split(separator: "=", maxSplits: 1).last ?? "") }
            out += "<h3>\(HTMLReport.escape(group))</h3>\n<div class=\"charts\">\n"
            for (title, value) in metrics {
                let values = table.columns.indices.map { c in groupRows.map { $0.cells[c].map(value) } }
                out += CompareChart.render(title: "\(title) · \(group)", sweptKey: sweepKey, labels: labels,
                                           columns: table.columns, values: values)
            }
            out += "</div>\n"
        }
        return out
    }

    static func symbol(_ status: String) -> String {
        switch status {
        case "holds": "✓"
        case "violated": "✗"
        case "n/a": "–"
        default: "?"
        }
    }

    static let style = """
        tr.disagrees td { border-top: 2px solid #b00; } tr.disagrees td:first-child { color: #b00; font-weight: bold; }
        .matrix.compare td { text-align: left; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        .chart { border: 1px solid #ddd; background: #fff; } .chart text { font: 11px system-ui, sans-serif; }
        .chart .title { font-weight: bold; } .chart .xlabel { text-anchor: middle; } .chart .ylabel { text-anchor: end; }

        """
}

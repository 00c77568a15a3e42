/// One self-contained HTML page (inline CSS and SVG, nothing fetched) to attach to a CI
/// run: the verdict matrix, the metrics, and for each violation a timeline, its steps,
/// and the model source they point into.
public enum HTMLReport {
    /// The model files the traces point into: what `render` needs in `sources`.
    public static func referencedFiles(_ report: Report) -> [String] {
        let locations = report.results.flatMap { r in (r.trace ?? []).map(\.location) + [r.location].compactMap { $0 } }
        return Array(Set(locations.compactMap(SourcePlace.init).map(\.file))).sorted()
    }

    /// `sources` maps each file of `referencedFiles` to its lines; a missing file is listed as unavailable.
    public static func render(_ report: Report, sources: [String: [String]]) -> String {
        let violations = report.results.filter { $0.status == .violated }
        var body = "<h1>\(escape(report.tool)) \(escape(report.version))</h1>\n"
        body += "<h2>Verdicts</h2>\n" + matrix(report.results, violations: violations)
        if !report.metrics.isEmpty { body += "<h2>Metrics</h2>\n" + metrics(report.metrics) }
        for (n, r) in violations.enumerated() {
            body += "<h2 id=\"violation-\(n + 1)\">\(escape(r.groupName)): \(escape(r.property)) violated</h2>\n"
            if let message = r.message { body += "<p class=\"message\">\(escape(message))" }
            if let location = r.location { body += " at \(link(location))" }
            body += "</p>\n"
            if let trace = r.trace {
                body += TimelineSVG.render(trace) + legend + stepTable(trace)
            }
        }
        let files = referencedFiles(report)
        if !files.isEmpty {
            let lines = Set(report.results.flatMap { $0.trace ?? [] }.compactMap { SourcePlace($0.location) }
                .map { "\($0.file):\($0.line)" })
            body += "<h2>Model source</h2>\n" + files.map { source($0, lines: sources[$0], used: lines) }.joined()
        }
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>kpcheck report</title>\n"
            + "<style>\n\(style)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }

    /// Rows are variants (with their option values), columns scenario × property.
    static func matrix(_ results: [CheckResult], violations: [CheckResult]) -> String {
        var rows: [String] = [], columns: [String: [String]] = [:], scenarios: [String] = []
        var cells: [String: CheckResult] = [:]
        for r in results {
            let row = r.variant + (r.options.isEmpty ? "" : " " + TextReport.optionsText(r.options))
            if !rows.contains(row) { rows.append(row) }
            if columns[r.scenario] == nil { scenarios.append(r.scenario) }
            if !(columns[r.scenario]?.contains(r.property) ?? false) { columns[r.scenario, default: []].append(r.property) }
            cells["\(row)\u{0}\(r.scenario)\u{0}\(r.property)"] = r
        }
        var out = "<table class=\"matrix\">\n<tr><th rowspan=\"2\">variant</th>"
        out += scenarios.map { "<th colspan=\"\(columns[$0]!.count)\">\(escape($0))</th>" }.joined() + "</tr>\n<tr>"
        out += scenarios.flatMap { columns[$0]! }.map { "<th class=\"property\" title=\"\(escape($0))\"><abbr title=\"\(escape($0))\">\(escape(abbreviation($0)))</abbr></th>" }.joined()
        out += "</tr>\n"
        for row in rows {
            out += "<tr><th class=\"row\">\(escape(row))</th>"
            for scenario in scenarios {
                for property in columns[scenario]! {
                    guard let r = cells["\(row)\u{0}\(scenario)\u{0}\(property)"] else { out += "<td></td>"; continue }
                    let title = "\(r.scenario) \(r.property): \(r.status.rawValue)" + (r.mismatch.map { " (\($0))" } ?? "")
                    var mark = symbol(r.status)
                    if let n = violations.firstIndex(where: { $0.groupName == r.groupName && $0.property == r.property }) {
                        mark = "<a href=\"#violation-\(n + 1)\">\(mark)</a>"
                    }
                    let unexpected = r.mismatch == nil ? "" : " unexpected"
                    out += "<td class=\"v-\(cssName(r.status))\(unexpected)\" title=\"\(escape(title))\">\(mark)</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</table>\n<p class=\"key\">✓ holds · ✗ violated · – n/a · ? incomplete or unknown; a thick border marks a verdict the manifest does not expect.</p>\n"
            + propertyKey(scenarios.flatMap { columns[$0]! })
    }

    /// What each abbreviated property column header stands for.
    public static func propertyKey(_ properties: [String]) -> String {
        var seen: [String] = []
        for property in properties where !seen.contains(property) { seen.append(property) }
        let items = seen.map { "<b>\(escape(abbreviation($0)))</b> \(escape($0))" }
        return "<p class=\"key properties\">Columns: " + items.joined(separator: " · ") + "</p>\n"
    }

    static func metrics(_ rows: [MetricsRow]) -> String {
        var out = "<table>\n<tr><th>variant</th><th>scenario</th><th>options</th><th>states</th><th>transitions</th><th>depth</th><th>seconds</th><th>isb</th><th>dsb</th><th>por_writes</th><th>exposure</th><th>outcome</th></tr>\n"
        for m in rows {
            let cells = [m.variant, m.scenario, TextReport.optionsText(m.options), String(m.states), String(m.transitions),
                         String(m.depth), TextReport.formatSeconds(m.seconds), String(m.isb), String(m.dsb),
                         String(m.porWrites), String(m.exposure), m.outcome]
            out += "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }

    public static func stepTable(_ steps: [TraceStep]) -> String {
        var out = "<table class=\"steps\">\n<tr><th>step</th><th>cpu</th><th>task</th><th>context</th><th>function</th><th>where</th><th>action</th><th>POR_EL1</th><th>eff</th><th>flags</th></tr>\n"
        for s in steps {
            let cells = [String(s.step), String(s.cpu), escape(s.task), escape(s.context), escape(s.function),
                         link(s.location), escape(s.action.text), escape(s.por), escape(s.eff.joined(separator: ", ")),
                         escape(s.flags.joined(separator: " "))]
            let violated = s.violations.isEmpty ? "" : " class=\"violated\" title=\"\(escape(s.violations.joined(separator: "; ")))\""
            out += "<tr\(violated)>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// A listing with an anchor on every line, the lines the traces visit highlighted.
    static func source(_ file: String, lines: [String]?, used: Set<String>) -> String {
        var out = "<h3 id=\"src-\(slug(file))\">\(escape(file))</h3>\n"
        guard let lines else { return out + "<p>(not available)</p>\n" }
        out += "<pre class=\"source\">"
        for (i, text) in lines.enumerated() {
            let hit = used.contains("\(file):\(i + 1)") ? " class=\"hit\"" : ""
            out += "<span id=\"src-\(slug(file))-\(i + 1)\"\(hit)><span class=\"ln\">\(i + 1)</span>\(escape(text))</span>\n"
        }
        return out + "</pre>\n"
    }

    /// `file:line` linked to the embedded listing; machine-synthesised steps stay plain text.
    static func link(_ location: String) -> String {
        guard let place = SourcePlace(location) else { return escape(location) }
        return "<a href=\"#src-\(slug(place.file))-\(place.line)\">\(escape(place.file)):\(place.line)</a>"
    }

    /// A file path as an id fragment: letters, digits, `-`, `_` and `.` only.
    static func slug(_ path: String) -> String {
        String(path.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "-" })
    }

    static func abbreviation(_ property: String) -> String {
        property.split(separator: "-").map { String($0.prefix(1)) }.joined()
    }

    static func symbol(_ status: Status) -> String {
        switch status {
        case .holds: "✓"
        case .violated: "✗"
        case .notApplicable: "–"
        case .incomplete, .unknown: "?"
        }
    }

    static func cssName(_ status: Status) -> String {
        status == .notApplicable ? "na" : status.rawValue
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    public static let legend = """
        <p class="legend"><span class="sw eff-default"></span> DEFAULT <span class="sw eff-pgtables"></span> PGTABLES \
        <span class="sw eff-other"></span> other value (two stripes: a POR_EL1 write not yet synchronized) \
        <span class="sw tick-isb"></span> isb <span class="sw tick-dsb"></span> dsb <span class="sw tick-por"></span> POR_EL1 write \
        <span class="sw violation"></span> violation</p>

        """

    public static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
        th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; font-size: 13px; }
        th { background: #f3f3f3; }
        .matrix td { text-align: center; min-width: 1.4em; }
        .matrix th.property { font-size: 11px; } .matrix th.row { white-space: nowrap; }
        .v-holds { background: #c8ecc8; } .v-violated { background: #f4b4b4; }
        .v-na { background: #e4e4e4; color: #777; } .v-incomplete, .v-unknown { background: #f7dc8f; }
        td.unexpected { outline: 3px solid #b00; outline-offset: -3px; }
        .steps tr.violated td { background: #fbd5d5; }
        .timeline text { font: 11px monospace; } .timeline .cpu { font-weight: bold; }
        .timeline .step { text-anchor: middle; fill: #666; }
        .axis { stroke: #999; } .stepdot { fill: #333; }
        .eff-default { fill: #9cc3f0; background: #9cc3f0; } .eff-pgtables { fill: #8fd694; background: #8fd694; }
        .eff-other { fill: #d7b8f0; background: #d7b8f0; }
        .tick-isb { stroke: #222; stroke-width: 3; background: #222; }
        .tick-dsb { stroke: #e08a00; stroke-width: 3; background: #e08a00; }
        .tick-por { stroke: #7a00c2; stroke-width: 3; stroke-dasharray: 4 2; background: #7a00c2; }
        .violation { fill: #d00; background: #d00; }
        .sw { display: inline-block; width: 14px; height: 10px; margin-left: 8px; }
        .source { background: #fafafa; border: 1px solid #ddd; padding: 4px; font-size: 12px; }
        .source .ln { display: inline-block; width: 3em; color: #999; }
        .source .hit { background: #fff2a8; } .source :target { background: #ffd24d; }
        a { color: #0645ad; }

        """
}

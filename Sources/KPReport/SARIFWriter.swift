import Foundation
import KPProperties

/// SARIF 2.1.0, what GitHub code scanning and most CI dashboards read: one rule per
/// property, one result per violation at the step that broke it, and the trace as a
/// code flow with one thread flow per CPU, so viewers can step through each CPU.
public enum SARIFWriter {
    public static func render(_ report: Report) throws -> String {
        let rules: [[String: Any]] = Property.allCases.map { p in
            ["id": p.name, "name": p.name, "shortDescription": text(firstSentence(p.summary)),
             "fullDescription": text(p.summary), "help": text(p.summary),
             "defaultConfiguration": ["level": "error"]]
        }
        let results = report.results.filter { $0.status == .violated }.map { r in
            var result: [String: Any] = [
                "ruleId": r.property, "level": "error",
                "message": text(r.message ?? "\(r.property) violated"),
                "properties": ["variant": r.variant, "scenario": r.scenario, "options": r.options],
            ]
            if let index = Property.allCases.firstIndex(where: { $0.name == r.property }) { result["ruleIndex"] = index }
            if let place = r.location.flatMap(SourcePlace.init) { result["locations"] = [["physicalLocation": physical(place)]] }
            if let trace = r.trace, !trace.isEmpty { result["codeFlows"] = [codeFlow(trace)] }
            return result
        }
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": report.tool, "version": report.version, "rules": rules]],
                "results": results,
            ]],
        ]
        let data = try JSONSerialization.data(withJSONObject: sarif, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func codeFlow(_ trace: [TraceStep]) -> [String: Any] {
        let cpus = Set(trace.map(\.cpu)).sorted()
        let threadFlows: [[String: Any]] = cpus.map { cpu in
            let locations: [[String: Any]] = trace.filter { $0.cpu == cpu }.map { step in
                var location: [String: Any] = ["message": text(step.action.text)]
                if let place = SourcePlace(step.location) { location["physicalLocation"] = physical(place) }
                return ["location": location, "executionOrder": step.step]
            }
            return ["id": "cpu\(cpu)", "locations": locations]
        }
        return ["threadFlows": threadFlows]
    }

    static func physical(_ place: SourcePlace) -> [String: Any] {
        ["artifactLocation": ["uri": place.file],
         "region": ["startLine": place.line, "startColumn": max(place.column, 1)]]
    }

    static func text(_ s: String) -> [String: Any] { ["text": s] }

    static func firstSentence(_ s: String) -> String {
        guard let end = s.range(of: ". ") else { return s }
        return String(s[..<end.lowerBound]) + "."
    }
}

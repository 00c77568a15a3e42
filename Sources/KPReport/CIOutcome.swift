/// How a CI report counts a verdict. With a manifest's expectation (the default job)
/// a verdict passes when it is the expected one, so a known bug does not fail the build.
public enum CIOutcome: Equatable, Sendable {
    case passed, failed, skipped, error

    public init(_ result: CheckResult) {
        if let expected = result.expected, expected != result.status {
            self = .failed
            return
        }
        switch result.status {
        case .holds: self = .passed
        case .violated: self = result.expected == .violated ? .passed : .failed
        case .notApplicable: self = .skipped
        case .incomplete, .unknown: self = .error
        }
    }
}

extension CheckResult {
    /// `variant.scenario[options]`: how CI reports name the group of a verdict.
    public var groupName: String {
        "\(variant).\(scenarioLabel)"
    }

    /// `scenario[options]`, or the scenario alone when no option is shown.
    public var scenarioLabel: String {
        let options = TextReport.optionsText(self.options)
        return options == "-" ? scenario : "\(scenario)[\(options)]"
    }

    /// The text trace of a violation, as the text report prints it.
    public var traceText: String {
        var out = "\(property) violated"
        if let location { out += " at \(location)" }
        if let message { out += "\n  \(message)" }
        out += "\n"
        if let trace { out += TraceTable.render(trace) }
        return out
    }

    /// Why a verdict differs from the manifest, when it does.
    var mismatch: String? {
        guard let expected, expected != status else { return nil }
        return "expected \(expected.rawValue), got \(status.rawValue)"
    }
}

/// Variants in the order they first appear, each with its results.
func groupedByVariant(_ results: [CheckResult]) -> [(variant: String, results: [CheckResult])] {
    var order: [String] = [], groups: [String: [CheckResult]] = [:]
    for r in results {
        if groups[r.variant] == nil { order.append(r.variant) }
        groups[r.variant, default: []].append(r)
    }
    return order.map { ($0, groups[$0]!) }
}

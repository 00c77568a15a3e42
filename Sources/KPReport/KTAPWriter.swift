/// KTAP version 1, the kernel's test output format, so KUnit tooling
/// (`kunit.py parse`) and kernel CI read kpcheck like any other kernel test:
/// a subtest per variant, a test per scenario × property, traces as diagnostics.
public enum KTAPWriter {
    public static func render(_ report: Report) -> String {
        let groups = groupedByVariant(report.results)
        var out = "KTAP version 1\n1..\(groups.count)\n"
        for (number, (variant, results)) in groups.enumerated() {
            out += "    KTAP version 1\n    # Subtest: \(name(variant))\n    1..\(results.count)\n"
            var allPassed = true
            for (index, r) in results.enumerated() {
                let test = "\(index + 1) \(name(r.scenarioLabel)):\(name(r.property))"
                let outcome = CIOutcome(r)
                if r.status == .violated { out += diagnostics(r.traceText) }
                if let mismatch = r.mismatch { out += diagnostics(mismatch) }
                switch outcome {
                case .passed: out += "    ok \(test)\n"
                case .skipped: out += "    ok \(test) # SKIP not applicable\n"
                case .failed:
                    out += "    not ok \(test)\n"
                    allPassed = false
                case .error:
                    out += diagnostics("\(r.status.rawValue): \(r.message ?? "")") + "    not ok \(test)\n"
                    allPassed = false
                }
            }
            out += "\(allPassed ? "ok" : "not ok") \(number + 1) \(name(variant))\n"
        }
        return out
    }

    /// `#` starts a directive in a KTAP result line, so it cannot be part of a name.
    static func name(_ s: String) -> String {
        String(s.map { $0 == "#" || $0 == "\n" ? "_" : $0 })
    }

    static func diagnostics(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty }
            .map { "    # \($0)\n" }.joined()
    }
}

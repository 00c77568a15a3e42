/// The exit statuses of DESIGN.md §6, decided in one place for the commands and for
/// `merge`, which must exit as the unsharded run would have.
public enum ExitStatus {
    public static let error: Int32 = 2

    /// Raw verdicts (`check`, `compare`): 1 when one is violated, else 3 when a search
    /// was incomplete or the solver answered unknown, else 0.
    public static func verdicts<S: Sequence<Status>>(_ statuses: S) -> Int32 {
        var incomplete = false
        for status in statuses {
            if status == .violated { return 1 }
            if status == .incomplete || status == .unknown { incomplete = true }
        }
        return incomplete ? 3 : 0
    }

    /// Against the manifests (the default job): 0 when every verdict is the expected
    /// one, the v4 violation included, else 1.
    public static func expectations(_ results: [CheckResult]) -> Int32 {
        results.allSatisfy(\.asExpected) ? 0 : 1
    }
}

extension TextReport {
    /// The default job's closing line.
    public static func expectationSummary(_ results: [CheckResult]) -> String {
        let mismatches = results.filter { !$0.asExpected }.count
        return mismatches == 0 ? "all \(results.count) verdicts as expected\n"
                               : "\(mismatches) verdicts differ from what the manifests expect\n"
    }
}

import Foundation

/// JUnit XML, what GitLab, Jenkins and most CI systems show as test results: a suite
/// per variant, a test case per scenario × property, the text trace in each failure.
public enum JUnitWriter {
    public static func render(_ report: Report) -> String {
        let seconds = jobSecondsPerResult(report)
        var suites = ""
        var total = Counts()
        for (variant, results) in groupedByVariant(report.results) {
            var counts = Counts()
            var cases = ""
            for r in results {
                let time = seconds[key(r)] ?? 0
                counts.add(CIOutcome(r), time: time)
                cases += "    <testcase classname=\"\(xml(r.groupName))\" name=\"\(xml(r.property))\" time=\"\(format(time))\""
                switch CIOutcome(r) {
                case .passed where r.status == .violated:
                    cases += ">\n      <system-out>\(xml("expected violation:\n" + r.traceText))</system-out>\n    </testcase>\n"
                case .passed:
                    cases += "/>\n"
                case .skipped:
                    cases += ">\n      <skipped message=\"not applicable\"/>\n    </testcase>\n"
                case .failed:
                    let message = r.mismatch.map { "\($0): \(r.message ?? "")" } ?? r.message ?? "\(r.property) violated"
                    cases += ">\n      <failure message=\"\(xml(message))\" type=\"\(r.status.rawValue)\">\(xml(r.traceText))</failure>\n    </testcase>\n"
                case .error:
                    cases += ">\n      <error message=\"\(xml(r.message ?? r.status.rawValue))\" type=\"\(r.status.rawValue)\"/>\n    </testcase>\n"
                }
            }
            suites += "  <testsuite name=\"\(xml(variant))\" \(counts.attributes)>\n\(cases)  </testsuite>\n"
            total.merge(counts)
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"\(xml(report.tool))\" \(total.attributes)>\n\(suites)</testsuites>\n"
    }

    struct Counts {
        var tests = 0, failures = 0, skipped = 0, errors = 0, time = 0.0

        mutating func add(_ outcome: CIOutcome, time: Double) {
            tests += 1
            self.time += time
            switch outcome {
            case .passed: break
            case .failed: failures += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
        }

        mutating func merge(_ other: Counts) {
            tests += other.tests
            failures += other.failures
            skipped += other.skipped
            errors += other.errors
            time += other.time
        }

        var attributes: String {
            "tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(format(time))\""
        }
    }

    /// One search decides every property of a job, so its time is shared evenly
    /// among them: the suite times then add up to the run's.
    static func jobSecondsPerResult(_ report: Report) -> [String: Double] {
        var perJob: [String: Int] = [:]
        for r in report.results { perJob[key(r), default: 0] += 1 }
        var seconds: [String: Double] = [:]
        for m in report.metrics {
            let k = "\(m.variant)\u{0}\(m.scenario)\u{0}\(TextReport.optionsText(m.options))"
            seconds[k] = m.seconds / Double(max(perJob[k] ?? 1, 1))
        }
        return seconds
    }

    static func key(_ r: CheckResult) -> String {
        "\(r.variant)\u{0}\(r.scenario)\u{0}\(TextReport.optionsText(r.options))"
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.3f", seconds)
    }

    /// Escapes text for attributes and content; control characters XML 1.0 forbids are dropped.
    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(c)
            case _ where c.value < 0x20: break
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

import KPProperties

/// A counterexample as a picture: one lane per CPU, the task running on it, a band for
/// the POR_EL1 contexts a permission check may use (two stripes while a write is not yet
/// synchronized), ticks for barriers and POR_EL1 writes, and a marker at the violation.
public enum TimelineSVG {
    static let left = 110, stepWidth = 34, laneHeight = 64, top = 24

    public static func render(_ steps: [TraceStep]) -> String {
        let cpus = Set(steps.map(\.cpu)).sorted()
        let width = left + stepWidth * steps.count + 20
        let height = top + laneHeight * cpus.count + 30
        var svg = "<svg class=\"timeline\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">\n"
        for (index, cpu) in cpus.enumerated() {
            let y = top + index * laneHeight
            svg += "<g class=\"lane\" data-cpu=\"\(cpu)\">\n"
            svg += "<text x=\"4\" y=\"\(y + 30)\" class=\"cpu\">cpu\(cpu)</text>\n"
            svg += "<line x1=\"\(left)\" y1=\"\(y + 48)\" x2=\"\(width - 20)\" y2=\"\(y + 48)\" class=\"axis\"/>\n"
            svg += lane(steps, cpu: cpu, y: y)
            svg += "</g>\n"
        }
        let axisY = top + laneHeight * cpus.count + 14
        for (i, s) in steps.enumerated() {
            svg += "<text x=\"\(x(i) + stepWidth / 2)\" y=\"\(axisY)\" class=\"step\">\(s.step)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The lane of one CPU: what it last had in `eff` carries on while other CPUs step.
    static func lane(_ steps: [TraceStep], cpu: Int, y: Int) -> String {
        var out = ""
        var eff: [String]?
        var task: String?
        for (i, s) in steps.enumerated() {
            if s.cpu == cpu {
                eff = s.eff
                if s.task != task {
                    task = s.task
                    out += "<text x=\"\(x(i) + 2)\" y=\"\(y + 12)\" class=\"task\">\(HTMLReport.escape(s.task))</text>\n"
                }
            }
            if let eff {
                let contexts = Array(Set(eff.map(context))).sorted()
                let stripe = 24 / contexts.count
                for (k, c) in contexts.enumerated() {
                    out += "<rect x=\"\(x(i))\" y=\"\(y + 18 + k * stripe)\" width=\"\(stepWidth)\" height=\"\(stripe)\" class=\"eff-\(c)\"><title>eff {\(HTMLReport.escape(eff.joined(separator: ", ")))}</title></rect>\n"
                }
            }
            guard s.cpu == cpu else { continue }
            let action = HTMLReport.escape(s.action.text)
            if let tick = tick(s.action) {
                out += "<line x1=\"\(x(i) + stepWidth / 2)\" y1=\"\(y + 14)\" x2=\"\(x(i) + stepWidth / 2)\" y2=\"\(y + 48)\" class=\"tick-\(tick)\"><title>\(action)</title></line>\n"
            }
            out += "<circle cx=\"\(x(i) + stepWidth / 2)\" cy=\"\(y + 48)\" r=\"3\" class=\"stepdot\"><title>step \(s.step): \(action)</title></circle>\n"
            if !s.violations.isEmpty {
                let cx = x(i) + stepWidth / 2
                out += "<path d=\"M\(cx - 7) \(y + 62) L\(cx) \(y + 50) L\(cx + 7) \(y + 62) Z\" class=\"violation\"><title>\(HTMLReport.escape(s.violations.joined(separator: "; ")))</title></path>\n"
            }
        }
        return out
    }

    static func x(_ index: Int) -> Int { left + index * stepWidth }

    /// The kpkeys context a rendered `eff` value is, or `other` for a value that is neither.
    static func context(_ value: String) -> String {
        switch value {
        case "DEFAULT": "default"
        case "PGTABLES": "pgtables"
        default: "other"
        }
    }

    /// The barriers and POR_EL1 writes of the code: a switch's dsb(ish) and the
    /// synchronization of an exception are the machine's, and not ticked.
    static func tick(_ action: Action) -> String? {
        switch action {
        case .isb: "isb"
        case .dsb: "dsb"
        case .writePOR: "por"
        default: nil
        }
    }
}

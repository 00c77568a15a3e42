import Foundation
import KPExplorer

/// Progress of a run of many searches, on standard error. On a terminal it is one line
/// rewritten in place (the job, then the run's states, states/s, memory and elapsed
/// time), cleared before the report is printed so nothing lands inside it; elsewhere
/// (CI logs, a file) it is plain lines that are kept. Jobs on several threads
/// (`--threads`) may call it at once: each call holds a lock, and the line shows the
/// job begun last.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    public let terminal: Bool
    private let write: (String) -> Void
    private let clock: () -> Double
    private let memory: () -> Int
    private let start: Double
    private var label = ""
    /// The label with the job's place in the run, as the terminal line shows it.
    private var heading = ""
    /// States of the searches that ended, and of the one under way.
    private var finishedStates = 0, currentStates = 0
    private var showing = false

    /// `clock` gives seconds and `memory` bytes in use; tests pass their own.
    public init(terminal: Bool, write: @escaping (String) -> Void,
                clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate },
                memory: @escaping () -> Int = ResidentMemory.bytes) {
        self.terminal = terminal
        self.write = write
        self.clock = clock
        self.memory = memory
        start = clock()
    }

    /// A search starts: `label` names it, `index` of `count` places it in the run.
    public func begin(_ label: String, index: Int? = nil, of count: Int? = nil) {
        lock.lock()
        defer { lock.unlock() }
        self.label = label
        currentStates = 0
        if terminal {
            heading = (index.map { i in "[\(i + 1)/\(count.map(String.init) ?? "?")] " } ?? "") + label
            redraw()
        } else {
            write("checking \(label)\n")
        }
    }

    /// Called by the search every so many states.
    public func show(_ p: SearchProgress) {
        lock.lock()
        defer { lock.unlock() }
        currentStates = p.states
        if terminal {
            redraw()
        } else {
            let rate = p.seconds > 0 ? Int(Double(p.states) / p.seconds) : 0
            write("\(label): \(p.states) states, depth \(p.depth), \(rate) states/s, \(Self.mebibytes(memory())), \(Int(p.seconds)) s\n")
        }
    }

    /// The search that began last ended after `states` states.
    public func end(states: Int) {
        lock.lock()
        defer { lock.unlock() }
        finishedStates += states
        currentStates = 0
    }

    /// Clears the line, so what is printed next starts on a clean line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if showing { write("\r\u{1B}[K") }
        showing = false
    }

    /// `label: 1234 states, 5678 states/s, 42 MiB, 3 s`, over the whole run. Line wrapping is
    /// off while it is written, so a line wider than the terminal is cut, not wrapped
    /// onto a second line that the next rewrite would leave behind.
    private func redraw() {
        let elapsed = max(0, clock() - start)
        let states = finishedStates + currentStates
        let rate = elapsed > 0 ? Int(Double(states) / elapsed) : 0
        write("\r\u{1B}[K\u{1B}[?7l\(heading): \(states) states, \(rate) states/s, \(Self.mebibytes(memory())), \(Int(elapsed)) s\u{1B}[?7h")
        showing = true
    }

    static func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }
}

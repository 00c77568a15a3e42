import KPExplorer
import KPReport
import XCTest

/// Progress of a long run (issue 14, item 7): one line rewritten in place on a terminal,
/// with the run's states, states/s, memory and elapsed time; plain lines elsewhere.
final class ProgressLineTests: XCTestCase {
    private var written: [String] = []
    private var now = 100.0

    private func line(terminal: Bool) -> ProgressLine {
        ProgressLine(terminal: terminal, write: { self.written.append($0) }, clock: { self.now }, memory: { 42 << 20 })
    }

    func testOnATerminalOneLineIsRewrittenAndClearedAtTheEnd() {
        let progress = line(terminal: true)
        let (rewrite, end) = ("\r\u{1B}[K\u{1B}[?7l", "\u{1B}[?7h")
        now = 102
        progress.begin("kpkeys-v8 vmalloc", index: 0, of: 2)
        now = 104
        progress.show(SearchProgress(states: 400_000, transitions: 900_000, depth: 9, seconds: 2))
        progress.end(states: 500_000)
        now = 105
        progress.begin("kpkeys-v8 pmd", index: 1, of: 2)
        progress.finish()
        progress.finish()
        XCTAssertEqual(written, [
            rewrite + "[1/2] kpkeys-v8 vmalloc: 0 states, 0 states/s, 42 MiB, 2 s" + end,
            rewrite + "[1/2] kpkeys-v8 vmalloc: 400000 states, 100000 states/s, 42 MiB, 4 s" + end,
            // States and rate are the whole run's: the finished search's count stays.
            rewrite + "[2/2] kpkeys-v8 pmd: 500000 states, 100000 states/s, 42 MiB, 5 s" + end,
            "\r\u{1B}[K",
        ])
    }

    func testElsewhereEveryLineIsKept() {
        let progress = line(terminal: false)
        progress.begin("kpkeys-v8 vmalloc", index: 0, of: 2)
        progress.show(SearchProgress(states: 400_000, transitions: 900_000, depth: 9, seconds: 2))
        progress.end(states: 500_000)
        progress.finish()
        XCTAssertEqual(written, [
            "checking kpkeys-v8 vmalloc\n",
            "kpkeys-v8 vmalloc: 400000 states, depth 9, 200000 states/s, 42 MiB, 2 s\n",
        ])
    }

    func testResidentMemoryIsMeasured() {
        // The test process holds at least its own code and data.
        XCTAssertGreaterThan(ResidentMemory.bytes(), 1 << 20)
    }
}

import KPExplorer
import XCTest

/// `WordRuns` finds every word where two states differ, whatever the width and wherever
/// the differences fall (within a vector, across its halves, in the tail).
final class WordRunsTests: XCTestCase {
    func testDifferencesAreTheWordsThatDiffer() {
        var seed: UInt64 = 0x776f_7264
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        for width in [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 488] {
            for _ in 0..<50 {
                let a = (0..<width).map { _ in UInt32(truncatingIfNeeded: next() % 4) }
                var b = a
                for _ in 0..<Int(next() % 6) where width > 0 { b[Int(next() % UInt64(width))] &+= 1 }
                let expected = (0..<width).filter { a[$0] != b[$0] }
                var found: [Int] = []
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        XCTAssertTrue(WordRuns.forEachDifference(pa, pb) { found.append($0); return true })
                        var stopped: [Int] = []
                        let complete = WordRuns.forEachDifference(pa, pb) { stopped.append($0); return stopped.count < 2 }
                        XCTAssertEqual(complete, expected.count < 2)
                        XCTAssertEqual(stopped, Array(expected.prefix(2)))
                    }
                }
                XCTAssertEqual(found, expected, "width \(width)")
            }
        }
    }
}

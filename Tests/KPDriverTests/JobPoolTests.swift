import Foundation
import KPDriver
import XCTest

final class JobPoolTests: XCTestCase {
    private struct Failed: Error, Equatable { let job: Int }

    /// Results in job order whatever the threads; every job heard of once.
    func testResultsComeBackInJobOrder() throws {
        for threads in [1, 2, 4] {
            var ended: [Int] = []
            let squares = try JobPool.map(50, threads: threads, { i in
                // Early jobs take longest, so on several threads they end last.
                if i < 4 { Thread.sleep(forTimeInterval: 0.01 * Double(4 - i)) }
                return i * i
            }, onEnd: { i, value in
                XCTAssertEqual(value, i * i)
                ended.append(i)
            })
            XCTAssertEqual(squares, (0..<50).map { $0 * $0 }, "threads = \(threads)")
            XCTAssertEqual(ended.sorted(), Array(0..<50), "threads = \(threads)")
            if threads == 1 { XCTAssertEqual(ended, Array(0..<50)) }
        }
    }

    /// The first error in job order is the one thrown, and no job starts after it.
    func testTheFirstErrorInJobOrderIsThrown() {
        for threads in [1, 2] {
            let started = NSLock()
            var count = 0
            XCTAssertThrowsError(try JobPool.map(100, threads: threads) { (i: Int) -> Int in
                started.withLock { count += 1 }
                if i == 3 || i == 5 { throw Failed(job: i) }
                return i
            }) { error in
                XCTAssertEqual(error as? Failed, Failed(job: 3), "threads = \(threads)")
            }
            XCTAssertLessThan(count, 100, "threads = \(threads)")
        }
    }
}

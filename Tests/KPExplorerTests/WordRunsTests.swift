import KPExplorer
import XCTest

/// `WordRuns` finds every word where two states differ, whatever the width and wherever
/// the differences fall (within a vector, across its halves, in the tail), and whether
/// one falls outside given bitmaps (the machine's footprint).
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
                        for start in stride(from: 0, to: width, by: 32) {
                            let bits = WordRuns.differences(pa, pb, at: start)
                            found += (0..<32).filter { bits >> UInt32($0) & 1 == 1 }.map { start + $0 }
                        }
                    }
                }
                XCTAssertEqual(found, expected, "width \(width)")
            }
        }
    }

    /// Differences outside bitmaps: the kernel and the portable code give the word-by-word
    /// answer, with one, two or three bitmaps, differences inside and outside them.
    func testDifferencesOutsideBitmaps() {
        var seed: UInt64 = 0x6f75_7473
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        var outcomes = [0, 0]
        for width in [1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 488] {
            let groups = (width + 31) / 32
            for _ in 0..<60 {
                let a = (0..<width).map { _ in UInt32(truncatingIfNeeded: next() % 4) }
                var b = a
                for _ in 0..<Int(next() % 4) { b[Int(next() % UInt64(width))] &+= 1 }
                var masks: [[UInt32]] = []
                for _ in 0..<3 {
                    // A quarter of the words each (`next` gives 31 bits: two make 32).
                    masks.append((0..<groups).map { _ in
                        let bits: UInt64 = (next() << 16 ^ next()) & (next() << 16 ^ next())
                        return UInt32(truncatingIfNeeded: bits)
                    })
                }
                let used = 1 + Int(next() % 3)
                func inside(_ w: Int) -> Bool { masks.prefix(used).contains { $0[w >> 5] >> UInt32(w & 31) & 1 == 1 } }
                let expected = (0..<width).contains { a[$0] != b[$0] && !inside($0) }
                outcomes[expected ? 1 : 0] += 1
                for kernels in [false, VectorKernels.available] {
                    let answer = a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            masks[0].withUnsafeBufferPointer { m0 in
                                masks[1].withUnsafeBufferPointer { m1 in
                                    masks[2].withUnsafeBufferPointer { m2 in
                                        WordRuns.differ(pa, pb, outside: m0.baseAddress!, used > 1 ? m1.baseAddress! : nil,
                                                        used > 2 ? m2.baseAddress! : nil, vectorKernels: kernels)
                                    }
                                }
                            }
                        }
                    }
                    XCTAssertEqual(answer, expected, "width \(width), \(used) bitmaps, kernels \(kernels)")
                }
            }
        }
        XCTAssertTrue(outcomes[0] > 100 && outcomes[1] > 100, "both answers: \(outcomes)")
    }
}

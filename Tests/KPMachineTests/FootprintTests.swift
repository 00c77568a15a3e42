import KPExplorer
import KPTestSupport
import XCTest
@testable import KPMachine

/// The steps' write footprint (`Machine.recordWrites`) compares states 16 words at a time
/// against bitmaps of what the stepping CPU owns (`StateLayout.cpuPrivateBits`): it must
/// classify every word as `isPrivate` does, whatever the CPU owns.
final class FootprintTests: XCTestCase {
    private func machine() throws -> Machine {
        try Machine(config: MiniModel.build("""
            void task(void)
            {
            	WRITE_ONCE(*kernel_pte(0), 0);
            }
            void handler(void)
            {
            	WRITE_ONCE(*kernel_pte(1), 0);
            }
            """, tasks: ["task", "task"], cpus: 2, interrupts: 1, hardirq: "handler"))
    }

    /// Every word, for every CPU, every task it may run and every task it may have claimed.
    func testBitmapsClassifyEveryWordAsIsPrivateDoes() throws {
        let machine = try machine(), layout = machine.layout, words = layout.bitmapWords
        var state = try XCTUnwrap(machine.initialStates().first)
        var checked = 0, privateWords = 0
        for c in 0..<layout.cpus {
            for running in 0..<machine.taskCount {
                for claimed in 0...machine.taskCount {
                    state[layout.cpu(c) + StateLayout.cpuTask] = UInt32(running)
                    state[layout.cpu(c) + StateLayout.cpuSwitchNext] = UInt32(claimed)
                    for w in 0..<layout.width {
                        var bits = layout.cpuPrivateBits[c * words + w >> 5] | layout.taskPrivateBits[running * words + w >> 5]
                        if claimed > 0 { bits |= layout.taskPrivateBits[(claimed - 1) * words + w >> 5] }
                        let isPrivate = machine.isPrivate(w, toCPU: c, in: state)
                        XCTAssertEqual(bits >> UInt32(w & 31) & 1 == 1, isPrivate, "word \(w), CPU \(c), tasks \(running), \(claimed)")
                        checked += 1
                        if isPrivate { privateWords += 1 }
                    }
                }
            }
        }
        XCTAssertEqual(checked, layout.cpus * machine.taskCount * (machine.taskCount + 1) * layout.width)
        XCTAssertTrue(privateWords > 0 && privateWords < checked, "both kinds of word")
    }

    /// Random writes to a reachable state: a shared write is recorded exactly when some
    /// word written is not private to the CPU in the state before.
    func testSharedWritesAreTheWritesOutsideWhatTheCPUOwns() throws {
        let machine = try machine(), layout = machine.layout
        var before = try XCTUnwrap(machine.initialStates().first)
        var successors: [Successor<Violation>] = []
        try machine.successors(of: before, into: &successors)
        before = try XCTUnwrap(successors.last).state
        var rng = SplitMix64(seed: 0x666f_6f74)
        var shared = 0
        for round in 0..<2_000 {
            let c = round % layout.cpus
            var after = before
            for _ in 0..<(1 + rng.below(3)) {
                // Mostly the CPU's own words and its task's, where a footprint is decided.
                let task = layout.taskBase[Int(before[layout.cpu(c) + StateLayout.cpuTask])]
                let w = rng.below(2) == 0 ? rng.below(layout.width) : task + rng.below(40)
                after[w] &+= 1
            }
            var e = Exec(state: after, cpu: c, recording: false)
            machine.recordWrites(&e, from: before)
            let expected = (0..<layout.width).contains { before[$0] != after[$0] && !machine.isPrivate($0, toCPU: c, in: before) }
            XCTAssertEqual(e.footprint.sharedWrite, expected, "round \(round)")
            if expected { shared += 1 }
        }
        XCTAssertTrue(shared > 200 && shared < 1_800, "\(shared) of 2,000 shared: both outcomes")
    }
}

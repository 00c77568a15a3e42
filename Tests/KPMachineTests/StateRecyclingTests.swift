import KPExplorer
import KPMachine
import XCTest

/// The machine computes a successor in the storage of a state the search gave back
/// (`recycle`), and the successor is the same as in fresh storage.
final class StateRecyclingTests: XCTestCase {
    func testASuccessorIsComputedInRecycledStorage() throws {
        let config = try MiniModel.build("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);
            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	isb();
            	WRITE_ONCE(*kernel_pte(0), 0);
            	write_sysreg_s(old, SYS_POR_EL1);
            	isb();
            }
            """, tasks: ["task", "task"], cpus: 2)
        let machine = try Machine(config: config)
        // A state some steps in, so a recycled buffer holding another state differs from it.
        var state = try XCTUnwrap(machine.initialStates().first)
        for _ in 0..<3 {
            var successors: [Successor<Violation>] = []
            try machine.successors(of: state, into: &successors)
            state = try XCTUnwrap(successors.first).state
        }
        var fresh: [Successor<Violation>] = []
        try machine.successors(of: state, into: &fresh)
        XCTAssertGreaterThan(fresh.count, 1)
        // Give back storage holding something else: every word differs from the successors'.
        var given = fresh[0].state.map { ~$0 }
        let address = given.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        machine.recycle(&given)
        XCTAssertTrue(given.isEmpty, "recycling takes the state")
        var again: [Successor<Violation>] = []
        try machine.successors(of: state, into: &again)
        XCTAssertEqual(again.map(\.state), fresh.map(\.state))
        XCTAssertTrue(again.contains { $0.state.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address },
                      "a successor was computed in the recycled storage")
        // A state of another width is not kept.
        var narrow: PackedState = [1, 2, 3]
        machine.recycle(&narrow)
        XCTAssertTrue(narrow.isEmpty)
        var third: [Successor<Violation>] = []
        try machine.successors(of: state, into: &third)
        XCTAssertEqual(third.map(\.state), fresh.map(\.state))
    }
}

import Foundation
import XCTest
@testable import KPSolver

final class SolverTests: XCTestCase {
    let store = TermStore()
    lazy var solver = Solver(terms: store)
    lazy var s = store.symbol("s")
    lazy var por = store.or(store.and(s, 0xffff_ff00), 0x17)

    func testFoldedQuestionsNeedNoZ3() {
        let writeOfPkey1 = store.eq(store.and(store.lshr(por, 4), 0xc), 0x4)
        XCTAssertEqual(solver.isValid(writeOfPkey1), .no)
        XCTAssertEqual(solver.isSatisfiable(writeOfPkey1), .no)
        let upperFieldsKept = store.binary(.eq, store.and(por, 0xffff_ff00), store.and(s, 0xffff_ff00))
        XCTAssertEqual(solver.isValid(upperFieldsKept), .yes)
        XCTAssertEqual(solver.isValid(TermStore.falseTerm, assuming: TermStore.falseTerm), .yes)
        XCTAssertEqual(solver.isSatisfiable(TermStore.trueTerm, assuming: TermStore.falseTerm), .no)
        XCTAssertEqual(solver.isValid(s, assuming: TermStore.falseTerm), .yes)
        XCTAssertEqual(solver.isSatisfiable(TermStore.trueTerm, assuming: TermStore.trueTerm), .yes)
        XCTAssertEqual(solver.queryCount, 0)
    }

    func testZ3DecidesSymbolicQuestions() {
        let unchanged = store.binary(.eq, s, por)
        XCTAssertEqual(solver.isSatisfiable(unchanged), .yes)
        XCTAssertEqual(solver.isValid(unchanged), .no)
        let x = store.symbol("x")
        let increases = store.binary(.ugt, store.add(x, 1), x)
        XCTAssertEqual(solver.isValid(increases), .no, "x + 1 wraps when x is all ones")
        XCTAssertEqual(solver.isSatisfiable(increases), .yes)
        XCTAssertEqual(solver.isValid(increases, assuming: store.binary(.ne, x, store.constant(.max))), .yes)
        XCTAssertEqual(solver.isSatisfiable(store.binary(.ult, x, store.and(x, 0xff))), .no)
        XCTAssertEqual(solver.queryCount, 6)
    }

    /// A search on several threads lets go of the system while Z3 checks a question
    /// (`whileChecking`): once around each check, never for a question folding, the
    /// cache or a shortcut answers, and with nothing of the solver changing meanwhile.
    func testTheCallerIsToldOfEachZ3CheckAlone() {
        var left = 0, entered = 0, queriesWhileOut: [Int] = []
        solver.whileChecking = Solver.Outside(leave: { [self] in
            left += 1
            queriesWhileOut.append(solver.queryCount)
        }, enter: { entered += 1 })
        let x = store.symbol("x")
        XCTAssertEqual(solver.isSatisfiable(store.binary(.ult, x, store.and(x, 0xff))), .no)
        XCTAssertEqual(solver.isValid(TermStore.falseTerm, assuming: TermStore.falseTerm), .yes, "folded")
        XCTAssertEqual(solver.isSatisfiable(store.binary(.ult, x, store.and(x, 0xff))), .no, "cached")
        XCTAssertEqual(solver.isValid(store.binary(.ugt, store.add(x, 1), x)), .no)
        XCTAssertEqual(solver.z3Calls, 2)
        XCTAssertEqual(left, 2)
        XCTAssertEqual(entered, 2)
        XCTAssertEqual(queriesWhileOut, [0, 1], "a question is recorded after its check")
        solver.whileChecking = nil
        XCTAssertEqual(solver.isSatisfiable(store.binary(.ugt, x, store.constant(5))), .yes)
        XCTAssertEqual(left, 2)
    }

    func testRepeatedQuestionsAreAnsweredFromTheCache() {
        let x = store.symbol("x")
        let question = store.binary(.ult, x, store.constant(10))
        XCTAssertEqual(solver.isSatisfiable(question, purpose: "first"), .yes)
        XCTAssertEqual(solver.isSatisfiable(question, purpose: "again"), .yes)
        XCTAssertEqual(solver.isSatisfiable(question, assuming: TermStore.trueTerm), .yes)
        XCTAssertEqual(solver.queryCount, 1)
        XCTAssertEqual(solver.cacheHits, 2)
        XCTAssertEqual(solver.isValid(question), .no)
        XCTAssertEqual(solver.queryCount, 2)
        XCTAssertEqual(solver.obligations.map(\.purpose), ["first", ""])
    }

    func testObligationsDescribeTheQuestion() throws {
        XCTAssertEqual(solver.isValid(store.binary(.eq, s, por), purpose: "POR unchanged"), .no)
        let obligation = try XCTUnwrap(solver.obligations.first)
        XCTAssertEqual(obligation.kind, .validity)
        XCTAssertEqual(obligation.expected, .no)
        XCTAssertEqual(obligation.expectedZ3Answer, "sat")
        XCTAssertEqual(obligation.smtlib, """
            ; kpcheck obligation: POR unchanged
            ; validity of: s == ((s & 0xffffff00) | 0x17)
            ; the condition is negated: valid when unsat
            ; expected: sat
            (set-logic QF_BV)
            (declare-const s (_ BitVec 64))
            (assert (not (= s (bvor (bvand s #x00000000ffffff00) #x0000000000000017))))
            (check-sat)

            """)
    }

    /// Folding agrees with Z3 on every operation, including division by zero and long shifts.
    func testFoldingAgreesWithZ3() {
        // 64-bit signed remainders can take Z3 past the searches' 10-second timeout on a
        // loaded CI machine; "unknown" then means "timed out", not a disagreement.
        let solver = Solver(terms: store, timeoutMilliseconds: 300_000)
        let x = store.symbol("x"), y = store.symbol("y")
        let values: [UInt64] = [0, 1, 7, 64, 70, .max, 1 << 63, UInt64(bitPattern: -7), 0xffff_ff00]
        let pairs = [(values[2], values[0]), (values[6], values[5]), (values[7], values[1]), (values[7], values[0]),
                     (values[8], values[3]), (values[6], values[4]), (values[5], values[2]), (values[1], values[6])]
        for op in [TermBinaryOp.add, .sub, .mul, .udiv, .sdiv, .urem, .srem, .and, .or, .xor, .shl, .lshr, .ashr,
                   .eq, .ne, .ult, .ule, .ugt, .uge, .slt, .sle, .sgt, .sge] {
            for (a, b) in pairs {
                let folded = store.constant(op.apply(a, b))
                let inputs = store.binary(.and, store.eq(x, a), store.eq(y, b))
                XCTAssertEqual(solver.isValid(store.binary(.eq, store.binary(op, x, y), folded), assuming: inputs), .yes,
                               "\(op) \(a) \(b)")
            }
        }
        for bits in [1, 8, 32, 63] {
            let folded = store.constant(signExtended(0x8000_0000_0000_0080, fromBits: bits))
            XCTAssertEqual(solver.isValid(store.binary(.eq, store.signExtend(x, fromBits: bits), folded),
                                          assuming: store.eq(x, 0x8000_0000_0000_0080)), .yes)
        }
    }

    func testTimeoutGivesUnknown() {
        // 200 ms, not 1: Z3 4.8.12 may miss a timeout that expires while the check is still
        // starting (Z3Prover/z3#5702); with 1 ms this test hung for minutes on a loaded
        // machine. Factoring a 64-bit product takes Z3 far longer than 200 ms.
        let quick = Solver(terms: store, timeoutMilliseconds: 200)
        let (p, q) = (store.symbol("p"), store.symbol("q"))
        let factors = store.eq(store.binary(.mul, p, q), 0xd6d3_f5c7_2e2b_f7f3)
        let nontrivial = store.binary(.and,
            store.binary(.and, store.binary(.ult, store.constant(1), p), store.binary(.ult, p, store.constant(1 << 32))),
            store.binary(.and, store.binary(.ult, store.constant(1), q), store.binary(.ult, q, store.constant(1 << 32))))
        XCTAssertEqual(quick.isSatisfiable(factors, assuming: nontrivial), .unknown)
        XCTAssertEqual(quick.obligations.first?.expectedZ3Answer, "unknown")
    }

    /// The SMT-LIB scripts stand alone: the z3 command line gives the expected answers.
    func testZ3CommandLineConfirmsObligations() throws {
        let z3 = URL(fileURLWithPath: "/usr/bin/z3")
        guard FileManager.default.isExecutableFile(atPath: z3.path) else { throw XCTSkip("no /usr/bin/z3") }
        let task = store.symbol("task[1].por_el1"), x = store.symbol("let")
        let fieldSet = store.binary(.and, store.eq(store.and(task, 0xf00), 0x300), store.binary(.ne, task, x))
        XCTAssertEqual(solver.isValid(store.eq(store.perms(task, pkey: 2), 3), assuming: fieldSet, purpose: "pkey 2 field"), .yes)
        // A chain where every link is used twice: the script must share it, not unfold it.
        var chain = x
        for _ in 0..<40 { chain = store.binary(.xor, chain, store.binary(.lshr, chain, store.constant(1))) }
        XCTAssertEqual(solver.isSatisfiable(store.eq(chain, 0x1234), purpose: "chain"), .yes)
        let y = store.symbol("y")
        let byHand = store.ite(store.and(x, 0x80), store.or(x, ~0xff), store.and(x, 0xff))
        XCTAssertEqual(solver.isValid(store.binary(.eq, store.signExtend(x, fromBits: 8), byHand), purpose: "sext"), .yes)
        let trichotomy = store.binary(.add, store.binary(.add, store.binary(.slt, x, y), store.binary(.slt, y, x)),
                                      store.binary(.eq, x, y))
        XCTAssertEqual(solver.isValid(store.eq(trichotomy, 1), purpose: "trichotomy"), .yes)
        XCTAssertEqual(solver.obligations.count, 4)
        XCTAssertLessThan(solver.obligations[1].smtlib.count, 10_000)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kpsolver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, obligation) in solver.obligations.enumerated() {
            let file = directory.appendingPathComponent("obligation\(index).smt2")
            try obligation.smtlib.write(to: file, atomically: true, encoding: .utf8)
            let process = Process(), output = Pipe()
            process.executableURL = z3
            process.arguments = [file.path]
            process.standardOutput = output
            try process.run()
            let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(answer.trimmingCharacters(in: .whitespacesAndNewlines), obligation.expectedZ3Answer, obligation.smtlib)
        }
    }

    /// Each solver's Z3 context is freed with it.
    func testDroppedSolversReleaseTheirContexts() {
        let x = store.symbol("x")
        func askOnce(_ i: UInt64) {
            let solver = Solver(terms: store)
            XCTAssertEqual(solver.isSatisfiable(store.eq(store.binary(.mul, x, store.constant(3)), i)), .yes)
        }
        for i in 0..<20 { askOnce(UInt64(i)) }
        let before = Z3Context.allocatedBytes
        for i in 0..<200 { askOnce(UInt64(i)) }
        XCTAssertLessThan(Z3Context.allocatedBytes, before + 1 << 20)
    }

    /// Making a context takes milliseconds: a solver makes one when a question first
    /// reaches Z3, not before, and never for questions folding answers.
    func testTheContextIsMadeWhenZ3IsFirstAsked() {
        XCTAssertEqual(solver.isValid(TermStore.falseTerm, assuming: TermStore.falseTerm), .yes)
        XCTAssertEqual(solver.isSatisfiable(store.eq(store.and(store.lshr(por, 4), 0xc), 0x4)), .no)
        XCTAssertFalse(solver.hasZ3Context)
        // (3 s == 7 has a solution, which neither all zeros nor the closure's guess is.)
        XCTAssertEqual(solver.isSatisfiable(store.eq(store.binary(.mul, s, store.constant(3)), 7)), .yes)
        XCTAssertTrue(solver.hasZ3Context)
        XCTAssertFalse(Solver(replicaFor: store).hasZ3Context)
    }

    /// A replica's solver keeps the answers it found itself (a question whose slice it had
    /// adopted the answer of) across synchronizations, but only those that name terms its
    /// store shared with the original: a term the replica made is gone after the next
    /// synchronization, and its id may name another term of the original's by then.
    func testAReplicaKeepsWhatItLearnedOfSharedTermsOnly() {
        let x = store.symbol("x"), isFive = store.eq(x, 5)
        let q = store.eq(store.symbol("q"), 1)
        let sharedAssumption = store.binary(.and, isFive, q)
        XCTAssertEqual(solver.isValid(isFive, assuming: isFive), .yes)
        let isSix = store.eq(x, 6)
        XCTAssertEqual(solver.isValid(isFive, assuming: isSix), .no)

        let replicaStore = TermStore()
        replicaStore.replaceContents(with: store)
        let replica = Solver(replicaFor: replicaStore)
        replica.adoptAnswers(of: solver)
        // Its slice (x == 5) was answered: the replica needs no original for it.
        XCTAssertEqual(replica.isValid(isFive, assuming: sharedAssumption), .yes)
        // A term of the replica's own, which slices to the same question.
        for i in 0..<8 { _ = replicaStore.symbol("pad\(i)") }
        let ownAssumption = replicaStore.binary(.and, isFive, replicaStore.eq(replicaStore.symbol("z"), 1))
        XCTAssertEqual(replica.isValid(isFive, assuming: ownAssumption), .yes)
        XCTAssertEqual(replica.misses, 0)
        XCTAssertEqual(replica.learnedCount, 2)

        // The original makes its own terms meanwhile: the same id now names x == 6 && y == 1,
        // under which x == 5 is not valid.
        let yIsOne = store.eq(store.symbol("y"), 1)
        var pad = 0
        while store.count < Int(ownAssumption) {
            _ = store.symbol("other\(pad)")
            pad += 1
        }
        let otherAssumption = store.binary(.and, isSix, yIsOne)
        XCTAssertEqual(otherAssumption, ownAssumption, "the test needs the two ids to meet")
        // As `Machine.synchronize(with:)` does: answers first, while the replica's store
        // still holds its own terms.
        replica.adoptAnswers(of: solver)
        replicaStore.replaceContents(with: store)
        XCTAssertEqual(replica.learnedCount, 1, "only the answer about shared terms is kept")
        XCTAssertEqual(replica.isValid(isFive, assuming: otherAssumption), .no)
        XCTAssertEqual(replica.isValid(isFive, assuming: sharedAssumption), .yes)
        XCTAssertEqual(replica.misses, 0)
    }
}

import KPTestSupport
import XCTest
@testable import KPSolver

final class HashConsingTests: XCTestCase {
    let store = TermStore()

    func testSymbolsAreInternedByName() {
        XCTAssertEqual(store.symbol("por0"), store.symbol("por0"))
        XCTAssertNotEqual(store.symbol("por0"), store.symbol("por1"))
        XCTAssertFalse(store.isConstant(store.symbol("por0")))
        XCTAssertNil(store.constantValue(store.symbol("por0")))
    }

    func testTenThousandTermsAreSharedWhenBuiltAgain() {
        let x = store.symbol("x"), y = store.symbol("y")
        func build(_ i: UInt64) -> TermID {
            let sum = store.binary(.add, store.binary(.xor, x, store.constant(i)), y)
            return store.ite(store.binary(.ult, sum, store.constant(i)), sum, store.and(y, i << 4))
        }
        let first = (0..<10_000).map { build(UInt64($0)) }
        let count = store.count
        XCTAssertGreaterThan(count, 30_000)
        XCTAssertEqual(Set(first).count, 10_000)
        XCTAssertEqual((0..<10_000).map { build(UInt64($0)) }, first)
        XCTAssertEqual(store.count, count)
    }

    /// Every stored node is already in normal form: building it directly cannot give a second id.
    /// A replica's store takes the original's terms again and again
    /// (`replaceContents`), in its own storage, whether the original's index grew since
    /// (3,000 new terms a round) or not (5), and whatever terms of its own the replica made
    /// in between: built again in the replica, every term is found under the original's id.
    func testAStoreTakesAnothersTermsUnderTheSameIDs() {
        let replica = TermStore()
        let x = store.symbol("x")
        var made: [(id: TermID, factor: UInt64)] = [(store.add(x, 1), 0)]
        for (round, count) in [3_000, 5, 3_000].enumerated() {
            for i in 0..<count {
                let factor = UInt64(round * 10_000 + i + 3)
                made.append((store.binary(.mul, made[made.count - 1].id, store.constant(factor)), factor))
            }
            _ = replica.symbol("only the replica's \(round)")
            replica.replaceContents(with: store)
            XCTAssertEqual(replica.count, store.count, "round \(round)")
            var rebuilt = replica.add(replica.symbol("x"), 1), mismatches = 0
            if rebuilt != made[0].id { mismatches += 1 }
            for step in made.dropFirst() {
                rebuilt = replica.binary(.mul, rebuilt, replica.constant(step.factor))
                if rebuilt != step.id { mismatches += 1 }
            }
            XCTAssertEqual(mismatches, 0, "round \(round)")
            XCTAssertEqual(replica.count, store.count, "round \(round): the replica made a term the original has")
        }
    }

    func testStoredNodesAreFixpointsOfTheRewriteRules() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 { _ = RandomExpression.make(depth: 4, &generator).build(in: store) }
        for (index, n) in store.nodes.enumerated() {
            let id = TermID(index)
            let rebuilt: TermID = switch n.kind {
            case .constant: store.constant(n.value)
            case .symbol: store.symbol(store.symbolName(n))
            case .unary: store.rewrite(n.unaryOp, n.a)
            case .binary: store.rewrite(n.binaryOp, n.a, n.b)
            case .ite: store.rewriteITE(n.a, n.b, n.c)
            case .signExtend: store.rewriteSignExtend(n.a, fromBits: Int(n.value))
            }
            XCTAssertEqual(rebuilt, id, "\(store.render(id)) rebuilt as \(store.render(rebuilt))")
        }
    }

    /// Rewriting never changes a value: random expressions evaluate the same before and after.
    func testRewritingPreservesValues() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let expression = RandomExpression.make(depth: 5, &generator)
            let term = expression.build(in: store)
            for _ in 0..<16 {
                let assignment = ["a": RandomExpression.value(&generator), "b": RandomExpression.value(&generator)]
                XCTAssertEqual(store.evaluate(term, assignment), expression.evaluate(assignment),
                               "\(expression) became \(store.render(term)) under \(assignment)")
            }
        }
    }

    func testRenderReadsLikeC() {
        let x = store.symbol("x"), y = store.symbol("y")
        XCTAssertEqual(store.render(store.add(x, .max)), "x - 1")
        XCTAssertEqual(store.render(store.binary(.slt, x, y)), "(s64)x < (s64)y")
        XCTAssertEqual(store.render(store.binary(.ashr, x, y)), "(s64)x >> y")
        XCTAssertEqual(store.render(store.ite(store.binary(.ult, x, y), x, store.constant(16))), "(x < y) ? x : 0x10")
        XCTAssertEqual(store.render(store.signExtend(store.add(x, 1), fromBits: 32)), "sext32(x + 1)")
        XCTAssertEqual(store.render(store.unary(.bitNot, store.binary(.mul, x, y))), "~(x * y)")
        XCTAssertEqual(store.render(store.unary(.logicalNot, x)), "x == 0")
        var shared = x
        for _ in 0..<64 { shared = store.binary(.add, shared, shared) }
        let text = store.render(shared, maxLength: 100)
        XCTAssertTrue(text.hasPrefix("(((((") && text.hasSuffix("…"), text)
        XCTAssertEqual(text.count, 101)
    }

    func testSymbolsInATerm() {
        let t = store.binary(.add, store.symbol("por1"), store.and(store.binary(.mul, store.symbol("por0"), store.symbol("por1")), 0xf))
        XCTAssertEqual(store.symbols(in: t), ["por0", "por1"])
        XCTAssertEqual(store.symbols(in: store.constant(5)), [])
    }
}

/// Random expression trees over symbols `a` and `b`, biased towards what kernel code does to POR_EL1.
indirect enum RandomExpression: CustomStringConvertible {
    case constant(UInt64)
    case symbol(String)
    case unary(TermUnaryOp, RandomExpression)
    case binary(TermBinaryOp, RandomExpression, RandomExpression)
    case ite(RandomExpression, RandomExpression, RandomExpression)
    case signExtend(RandomExpression, Int)

    static func value(_ g: inout SystemRandomNumberGenerator) -> UInt64 {
        let field = UInt64(0xf) << (4 * UInt64.random(in: 0..<16, using: &g))
        return [0, 1, 4, 63, 64, .max, 1 << 63, field, ~field, .random(in: 0...0xff, using: &g), .random(in: 0 ... .max, using: &g)]
            .randomElement(using: &g)!
    }

    static func make(depth: Int, _ g: inout SystemRandomNumberGenerator) -> RandomExpression {
        if depth == 0 || Int.random(in: 0..<5, using: &g) == 0 {
            return Bool.random(using: &g) ? .constant(value(&g)) : .symbol(Bool.random(using: &g) ? "a" : "b")
        }
        let operand = { (g: inout SystemRandomNumberGenerator) in make(depth: depth - 1, &g) }
        switch Int.random(in: 0..<10, using: &g) {
        case 0: return .unary([.bitNot, .negate, .logicalNot].randomElement(using: &g)!, operand(&g))
        case 1: return .ite(operand(&g), operand(&g), operand(&g))
        case 2: return .signExtend(operand(&g), [8, 16, 32, 63].randomElement(using: &g)!)
        case 3...6:
            let op: TermBinaryOp = [.and, .or, .shl, .lshr, .eq, .ne].randomElement(using: &g)!
            return .binary(op, operand(&g), .constant(value(&g)))
        default:
            let all: [TermBinaryOp] = [.add, .sub, .mul, .udiv, .sdiv, .urem, .srem, .and, .or, .xor, .shl, .lshr, .ashr,
                                       .eq, .ne, .ult, .ule, .ugt, .uge, .slt, .sle, .sgt, .sge]
            return .binary(all.randomElement(using: &g)!, operand(&g), operand(&g))
        }
    }

    func build(in store: TermStore) -> TermID {
        switch self {
        case .constant(let v): store.constant(v)
        case .symbol(let name): store.symbol(name)
        case .unary(let op, let a): store.unary(op, a.build(in: store))
        case .binary(let op, let a, let b): store.binary(op, a.build(in: store), b.build(in: store))
        case .ite(let c, let a, let b): store.ite(c.build(in: store), a.build(in: store), b.build(in: store))
        case .signExtend(let a, let bits): store.signExtend(a.build(in: store), fromBits: bits)
        }
    }

    func evaluate(_ assignment: [String: UInt64]) -> UInt64 {
        switch self {
        case .constant(let v): v
        case .symbol(let name): assignment[name]!
        case .unary(let op, let a): op.apply(a.evaluate(assignment))
        case .binary(let op, let a, let b): op.apply(a.evaluate(assignment), b.evaluate(assignment))
        case .ite(let c, let a, let b): c.evaluate(assignment) != 0 ? a.evaluate(assignment) : b.evaluate(assignment)
        case .signExtend(let a, let bits): signExtended(a.evaluate(assignment), fromBits: bits)
        }
    }

    var description: String {
        switch self {
        case .constant(let v): "0x" + String(v, radix: 16)
        case .symbol(let name): name
        case .unary(let op, let a): "\(op)(\(a))"
        case .binary(let op, let a, let b): "\(op)(\(a), \(b))"
        case .ite(let c, let a, let b): "ite(\(c), \(a), \(b))"
        case .signExtend(let a, let bits): "sext\(bits)(\(a))"
        }
    }
}

/// A replica's store takes its original's terms by their changes (`TermStore.take`): it
/// drops its own terms and undoes their index entries, then appends the original's new
/// terms and replays their inserts; whole when its index grew, or the first time.
final class TermStoreTakeTests: XCTestCase {
    /// Random terms over a few symbols, some new, most already made.
    private static func build(_ count: Int, in store: TermStore, symbols: [String], _ random: inout SplitMix64) {
        var made = symbols.map { store.symbol($0) }
        for _ in 0..<count {
            let a = made[random.below(made.count)], b = made[random.below(made.count)]
            let op: [TermBinaryOp] = [.add, .xor, .and, .mul, .ult]
            let term = random.below(4) == 0 ? store.binary(op[random.below(op.count)], a, store.constant(UInt64(random.below(7))))
                : store.binary(op[random.below(op.count)], a, b)
            made.append(term)
        }
    }

    func testAReplicaTakesTheOriginalsTermsByTheirChanges() {
        let original = TermStore(), replica = TermStore()
        original.startJournal()
        var random = SplitMix64(seed: 7)
        Self.build(200, in: original, symbols: ["x", "y"], &random)
        replica.take(original)
        XCTAssertEqual(replica.wholeTakes, 1, "the first take copies the store whole")
        var whole = 1
        func take() {
            if replica.indexGrew { whole += 1 }
            replica.take(original)
            XCTAssertEqual(replica.wholeTakes, whole, "copied whole only after the replica's index grew")
        }
        // Rounds where both make terms, where only one does, where the replica makes a
        // symbol of its own, and where it makes so many its index grows.
        let rounds: [(original: Int, replica: Int, replicaSymbols: [String])] = [
            (30, 30, []), (0, 40, []), (25, 0, []), (10, 10, ["own"]), (40, 20, ["x", "y", "z"]), (5, 3_000, []), (10, 10, []),
        ]
        for (round, work) in rounds.enumerated() {
            var own = SplitMix64(seed: UInt64(100 + round))
            Self.build(work.replica, in: replica, symbols: ["x", "y"] + work.replicaSymbols, &own)
            Self.build(work.original, in: original, symbols: ["x", "y"], &random)
            take()
            XCTAssertEqual(replica.nodes, original.nodes, "round \(round)")
            XCTAssertEqual(replica.bits, original.bits, "round \(round)")
            XCTAssertEqual(replica.symbolSets, original.symbolSets, "round \(round)")
            XCTAssertEqual(replica.names, original.names, "round \(round)")
            // Every term, built again from its node in the replica, is found under the
            // original's id, and the calls the replica memoized are gone with its terms.
            let count = replica.count
            for (i, node) in original.nodes.enumerated() {
                XCTAssertEqual(replica.make(node), TermID(i), "round \(round): term \(i)")
            }
            var again = SplitMix64(seed: UInt64(100 + round))
            let before = replica.count
            Self.build(work.replica, in: replica, symbols: ["x", "y"] + work.replicaSymbols, &again)
            let rebuilt = replica.count - before
            XCTAssertEqual(count, original.count, "round \(round)")
            // The replica's own terms are made again (none survived the take), and undone
            // again by the next take.
            if work.replica > 0 && work.original == 0 { XCTAssertGreaterThan(rebuilt, 0, "round \(round)") }
            take()
            XCTAssertEqual(replica.nodes, original.nodes, "round \(round), again")
        }
        XCTAssertGreaterThan(whole, 1, "a round grew the replica's index")
        XCTAssertLessThan(whole, 2 * rounds.count - 2, "most takes were by the changes")
    }
}

import CZ3

/// One reference-counted Z3 context and the translation of terms into it.
/// Every AST Z3 hands back is inc-ref'd once and released with the context.
final class Z3Context {
    private struct Failure: Error {}

    private let terms: TermStore
    /// The context, its bit-vector sort and its solver, freed with this object.
    private let made: Made
    private var context: Z3_context { made.context }
    private var sort: Z3_sort { made.sort }
    private var owned: [Z3_ast] = []
    private var values: [TermID: Z3_ast] = [:]
    private var conditions: [TermID: Z3_ast] = [:]
    /// One solver for all queries, each asked between a push and a pop: creating a
    /// solver per query cost about 1.5 ms, most of a query's time.
    private var solver: Z3_solver { made.solver }

    /// A context with its solver.
    struct Made {
        let context: Z3_context, sort: Z3_sort, solver: Z3_solver

        init(timeoutMilliseconds: UInt32) {
            let config = Z3_mk_config()
            context = Z3_mk_context_rc(config)
            Z3_del_config(config)
            // Errors are read back with Z3_get_error_code; the default handler would abort.
            Z3_set_error_handler(context) { _, _ in }
            sort = Z3_mk_bv_sort(context, 64)
            Z3_inc_ref(context, Z3_sort_to_ast(context, sort))
            // The solver for QF_BV answered this project's queries in 0.55 of the simple
            // solver's time (598 queries of vmalloc-2x2: 0.40 s against 0.57-0.72 s).
            solver = Z3_mk_solver_for_logic(context, Z3_mk_string_symbol(context, "QF_BV"))
            Z3_solver_inc_ref(context, solver)
            let params = Z3_mk_params(context)
            Z3_params_inc_ref(context, params)
            Z3_params_set_uint(context, params, Z3_mk_string_symbol(context, "timeout"), timeoutMilliseconds)
            Z3_solver_set_params(context, solver, params)
            Z3_params_dec_ref(context, params)
        }

        func free() {
            Z3_solver_dec_ref(context, solver)
            Z3_dec_ref(context, Z3_sort_to_ast(context, sort))
            Z3_del_context(context)
        }
    }

    init(terms: TermStore, timeoutMilliseconds: UInt32) {
        made = Made(timeoutMilliseconds: timeoutMilliseconds)
        self.terms = terms
    }

    deinit {
        for ast in owned { Z3_dec_ref(context, ast) }
        made.free()
    }

    /// Z3's memory in use, across all contexts.
    static var allocatedBytes: UInt64 { Z3_get_estimated_alloc_size() }

    /// Whether some assignment makes each fact's term non-zero (`holds`) or zero, and
    /// when one does, Z3's: the value of each symbol of the facts.
    /// `whileChecking` is called around Z3's check alone, when nothing of the term store
    /// or the solver changes (see `Solver.whileChecking`).
    func satisfiable(_ facts: [Fact], whileChecking: Solver.Outside?) -> (Truth, witness: [String: UInt64]?) {
        guard let assertions = try? facts.map({ try $0.holds ? condition($0.term) : own(Z3_mk_not(context, condition($0.term))) })
        else { return (.unknown, nil) }
        Z3_solver_push(context, solver)
        defer { Z3_solver_pop(context, solver, 1) }
        for assertion in assertions { Z3_solver_assert(context, solver, assertion) }
        whileChecking?.leave()
        let result = Z3_solver_check(context, solver)
        whileChecking?.enter()
        guard Z3_get_error_code(context) == Z3_OK else { return (.unknown, nil) }
        switch result {
        case Z3_L_TRUE: return (.yes, model(of: facts))
        case Z3_L_FALSE: return (.no, nil)
        default: return (.unknown, nil)
        }
    }

    /// The last check's model, on the symbols of `facts` (nil if Z3 gives none).
    private func model(of facts: [Fact]) -> [String: UInt64]? {
        guard let model = Z3_solver_get_model(context, solver) else { return nil }
        Z3_model_inc_ref(context, model)
        defer { Z3_model_dec_ref(context, model) }
        var assignment: [String: UInt64] = [:]
        for name in Set(facts.flatMap { terms.symbols(in: $0.term) }) {
            var out: Z3_ast?
            guard let symbol = try? value(terms.symbol(name)), Z3_model_eval(context, model, symbol, true, &out),
                  let out else { return nil }
            Z3_inc_ref(context, out)
            defer { Z3_dec_ref(context, out) }
            var v: UInt64 = 0
            guard Z3_get_numeral_uint64(context, out, &v) else { return nil }
            assignment[name] = v
        }
        return assignment
    }

    /// Z3's own value of `t` when each symbol holds `assignment[name]`: the translation with
    /// numerals put for the symbols, simplified. What `CArithmeticTests` holds folding to.
    func evaluate(_ t: TermID, _ assignment: [String: UInt64]) -> UInt64? {
        guard let translated = try? value(t) else { return nil }
        // The new ASTs are held only for this call, so that repeated evaluations do not pile up.
        var held: [Z3_ast] = []
        defer { for ast in held { Z3_dec_ref(context, ast) } }
        func hold(_ ast: Z3_ast?) -> Z3_ast? {
            if let ast { Z3_inc_ref(context, ast); held.append(ast) }
            return ast
        }
        var symbols: [Z3_ast?] = [], numerals: [Z3_ast?] = []
        for (name, v) in assignment {
            symbols.append(hold(Z3_mk_const(context, Z3_mk_string_symbol(context, name), sort)))
            numerals.append(hold(Z3_mk_unsigned_int64(context, v, sort)))
        }
        let substituted = hold(Z3_substitute(context, translated, UInt32(symbols.count), &symbols, &numerals))
        guard let simplified = hold(Z3_simplify(context, substituted)), Z3_get_error_code(context) == Z3_OK else { return nil }
        var result: UInt64 = 0
        return Z3_get_numeral_uint64(context, simplified, &result) ? result : nil
    }

    private func own(_ ast: Z3_ast?) throws(Failure) -> Z3_ast {
        guard let ast, Z3_get_error_code(context) == Z3_OK else { throw Failure() }
        Z3_inc_ref(context, ast)
        owned.append(ast)
        return ast
    }

    /// `t` as a 64-bit vector.
    private func value(_ t: TermID) throws(Failure) -> Z3_ast {
        if let ast = values[t] { return ast }
        let n = terms.node(t)
        let ast: Z3_ast
        switch n.kind {
        case .constant:
            ast = try own(Z3_mk_unsigned_int64(context, n.value, sort))
        case .symbol:
            ast = try own(Z3_mk_const(context, Z3_mk_string_symbol(context, terms.symbolName(n)), sort))
        case .unary:
            let x = try value(n.a)
            switch n.unaryOp {
            case .bitNot: ast = try own(Z3_mk_bvnot(context, x))
            case .negate: ast = try own(Z3_mk_bvneg(context, x))
            case .logicalNot: ast = try boolean(own(Z3_mk_eq(context, x, value(TermStore.falseTerm))))
            }
        case .binary where n.binaryOp.isComparison:
            ast = try boolean(condition(t))
        case .binary:
            ast = try operation(n.binaryOp, value(n.a), value(n.b))
        case .ite:
            ast = try own(Z3_mk_ite(context, condition(n.a), value(n.b), value(n.c)))
        case .signExtend:
            let width = UInt32(n.value)
            let low = try own(Z3_mk_extract(context, width - 1, 0, value(n.a)))
            ast = try own(Z3_mk_sign_ext(context, 64 - width, low))
        }
        values[t] = ast
        return ast
    }

    /// `t != 0` as a Z3 boolean; a comparison translates to itself.
    private func condition(_ t: TermID) throws(Failure) -> Z3_ast {
        if let ast = conditions[t] { return ast }
        let n = terms.node(t)
        let ast: Z3_ast
        if n.kind == .binary && n.binaryOp.isComparison {
            ast = try operation(n.binaryOp, value(n.a), value(n.b))
        } else {
            ast = try own(Z3_mk_not(context, own(Z3_mk_eq(context, value(t), value(TermStore.falseTerm)))))
        }
        conditions[t] = ast
        return ast
    }

    /// A Z3 boolean as the value 1 or 0.
    private func boolean(_ b: Z3_ast) throws(Failure) -> Z3_ast {
        try own(Z3_mk_ite(context, b, value(TermStore.trueTerm), value(TermStore.falseTerm)))
    }

    /// A binary operation: a bit-vector, or a Z3 boolean for comparisons.
    private func operation(_ op: TermBinaryOp, _ x: Z3_ast, _ y: Z3_ast) throws(Failure) -> Z3_ast {
        let ast: Z3_ast? = switch op {
        case .add: Z3_mk_bvadd(context, x, y)
        case .sub: Z3_mk_bvsub(context, x, y)
        case .mul: Z3_mk_bvmul(context, x, y)
        case .udiv: Z3_mk_bvudiv(context, x, y)
        case .sdiv: Z3_mk_bvsdiv(context, x, y)
        case .urem: Z3_mk_bvurem(context, x, y)
        case .srem: Z3_mk_bvsrem(context, x, y)
        case .and: Z3_mk_bvand(context, x, y)
        case .or: Z3_mk_bvor(context, x, y)
        case .xor: Z3_mk_bvxor(context, x, y)
        case .shl: Z3_mk_bvshl(context, x, y)
        case .lshr: Z3_mk_bvlshr(context, x, y)
        case .ashr: Z3_mk_bvashr(context, x, y)
        case .eq: Z3_mk_eq(context, x, y)
        case .ne: Z3_mk_not(context, try own(Z3_mk_eq(context, x, y)))
        case .ult: Z3_mk_bvult(context, x, y)
        case .ule: Z3_mk_bvule(context, x, y)
        case .ugt: Z3_mk_bvugt(context, x, y)
        case .uge: Z3_mk_bvuge(context, x, y)
        case .slt: Z3_mk_bvslt(context, x, y)
        case .sle: Z3_mk_bvsle(context, x, y)
        case .sgt: Z3_mk_bvsgt(context, x, y)
        case .sge: Z3_mk_bvsge(context, x, y)
        }
        return try own(ast)
    }
}

/// A term that a query requires to be non-zero (`holds`) or zero.
struct Fact: Sendable {
    var term: TermID
    var holds: Bool
}

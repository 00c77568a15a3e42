import Foundation
import KPIR
import KPTestSupport
import XCTest
@testable import KPFrontend

/// The package root: the directory above Tests/ holding Package.swift and Models/.
let packageRoot = Repository.root

let modelsDirectory = packageRoot.appendingPathComponent("Models").path

/// A variant of in-memory model files under /t/, with default options.
func testVariant(sources: [String] = ["/t/main.c"], overrides: [String] = [], config: [String: ConfigValue] = [:],
                 staticKeys: [String: Bool] = [:]) -> VariantManifest {
    VariantManifest(name: "test", path: "/t/test.toml", sources: sources, overrides: overrides, config: config, staticKeys: staticKeys)
}

/// Builds `files` (path → text, `/t/main.c` first) as the sources of a variant.
func build(_ files: [String: String], sources: [String] = ["/t/main.c"], overrides: [String] = [],
           config: [String: ConfigValue] = [:], staticKeys: [String: Bool] = [:]) throws(DiagnosticError) -> BuiltModel {
    let variant = testVariant(sources: sources, overrides: overrides, config: config, staticKeys: staticKeys)
    return try Frontend.build(BuildRequest(variant: variant), files: .inMemory(files))
}

/// Builds one C file as the whole model.
func build(_ source: String, config: [String: ConfigValue] = [:], staticKeys: [String: Bool] = [:]) throws(DiagnosticError) -> BuiltModel {
    try build(["/t/main.c": source], config: config, staticKeys: staticKeys)
}

/// The first diagnostic of a failing build, as `file:line:col: error: message`.
func firstError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        try body()
        XCTFail("expected an error", file: file, line: line)
        return ""
    } catch let error as DiagnosticError {
        return error.diagnostics.first?.description ?? ""
    } catch {
        return "unexpected \(error)"
    }
}

extension Program {
    func instructions(of name: String) -> [Instruction] {
        functions[function(named: name)!].instructions
    }
}

/// Instructions in a compact form for assertions: `call name`, `builtin isb`,
/// `branch r3 ? 4 : 7`, `guardEnd r2`, ...
func listing(_ program: Program, _ name: String) -> [String] {
    func operand(_ o: Operand) -> String {
        switch o {
        case .reg(let r): "r\(r)"
        case .imm(let v): "\(v)"
        }
    }
    func destination(_ d: Reg?) -> String { d.map { "r\($0) = " } ?? "" }
    return program.instructions(of: name).map { instruction in
        switch instruction.op {
        case .mov(let dst, let src): "r\(dst) = \(operand(src))"
        case .unary(let dst, let op, let a, let type): "r\(dst) = \(op) \(operand(a)) \(type)"
        case .binary(let dst, let op, let a, let b, let type): "r\(dst) = \(operand(a)) \(op) \(operand(b)) \(type)"
        case .convert(let dst, let a, let type): "r\(dst) = (\(type)) \(operand(a))"
        case .jump(let target): "jump \(target)"
        case .branch(let c, let then, let otherwise): "branch \(operand(c)) ? \(then) : \(otherwise)"
        case .call(let dst, let function, let args):
            "\(destination(dst))call \(program.functions[function].name)(\(args.map(operand).joined(separator: ", ")))"
        case .ret(let value): "ret" + (value.map { " " + operand($0) } ?? "")
        case .guardBegin(let slot): "guardBegin r\(slot)"
        case .guardEnd(let slot): "guardEnd r\(slot)"
        case .builtin(let dst, .dsb(let kind), _): "\(destination(dst))dsb(\(kind.rawValue))"
        case .builtin(let dst, let builtin, let args): "\(destination(dst))\(builtin)(\(args.map(operand).joined(separator: ", ")))"
        case .loadTask(let dst, let task, let field): "r\(dst) = \(operand(task))->\(program.taskFields[field].name)"
        case .storeTask(let task, let field, let value): "\(operand(task))->\(program.taskFields[field].name) = \(operand(value))"
        case .loadRegs(let dst, let regs, let field): "r\(dst) = \(operand(regs))->\(program.regsFields[field].name)"
        case .storeRegs(let regs, let field, let value): "\(operand(regs))->\(program.regsFields[field].name) = \(operand(value))"
        case .loadGlobal(let dst, let global): "r\(dst) = \(program.globals[global].name)"
        case .storeGlobal(let global, let value): "\(program.globals[global].name) = \(operand(value))"
        case .loadPerCPU(let dst, let variable): "r\(dst) = this_cpu(\(program.perCPU[variable].name))"
        case .storePerCPU(let variable, let value): "this_cpu(\(program.perCPU[variable].name)) = \(operand(value))"
        case .storePgtable(let entry, let value): "*\(operand(entry)) = \(operand(value))"
        case .assert(let dst, let kind, let condition): "\(destination(dst))\(kind.rawValue)(\(operand(condition)))"
        }
    }
}

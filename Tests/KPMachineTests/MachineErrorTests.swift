import KPFrontend
import KPIR
import KPMachine
import XCTest

/// Errors the machine raises about a model are `DiagnosticError`s at the model's own
/// source, printed like the front end's: `file:line:col: error:`, the line, a caret.
final class MachineErrorTests: XCTestCase {
    private func machineError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DiagnosticError? {
        do {
            try body()
            XCTFail("no error", file: file, line: line)
        } catch let error as DiagnosticError {
            return error
        } catch {
            XCTFail("not a DiagnosticError: \(error)", file: file, line: line)
        }
        return nil
    }

    /// Found while exploring: the instruction that misuses a builtin is quoted.
    func testABuiltinMisusedIsLocatedAtItsCall() throws {
        let scenario = "void task(void)\n{\n\tif (kpcheck_choose(100))\n\t\tisb();\n}\n"
        let error = try XCTUnwrap(machineError { _ = try MiniModel.explore(scenario) })
        XCTAssertEqual(error.render(reading: .inMemory([MiniModel.scenarioPath: scenario])), """
            \(MiniModel.scenarioPath):3:6: error: kpcheck_choose needs a constant between 1 and 64
            \tif (kpcheck_choose(100))
            \t    ^

            """)
    }

    /// The front end rejects recursion in C; a program that recurses anyway (a mutant
    /// of the IR) is stopped at the call, with the function it re-enters as a note.
    func testRecursionIsLocatedAtTheCallWithTheFunctionAsANote() throws {
        let scenario = "void task(void)\n{\n\tisb();\n}\n"
        var config = try MiniModel.build(scenario)
        let task = try XCTUnwrap(config.program.function(named: "task"))
        let call = SourceLocation(file: MiniModel.scenarioPath, line: 3, column: 2)
        config.program.functions[task].instructions.insert(Instruction(.call(dst: nil, function: task, args: []), at: call), at: 0)
        let error = try XCTUnwrap(machineError { _ = try Machine(config: config) })
        XCTAssertEqual(error.render(reading: .inMemory([MiniModel.scenarioPath: scenario])), """
            \(MiniModel.scenarioPath):3:2: error: recursion through 'task'
            \tisb();
            \t^
            \(MiniModel.scenarioPath):1:6: note: 'task' is defined here
            void task(void)
                 ^

            """)
    }

    /// A hook or constant the model lacks has no place in it to point at: one line.
    func testAMissingHookOrConstantIsOneLine() throws {
        var config = try MiniModel.build("void task(void)\n{\n}\n")
        let original = config.program
        let exit = try XCTUnwrap(config.program.function(named: "kernel_exit_el1"))
        config.program.functions[exit].name = "kernel_exit_el0"
        let hook = try XCTUnwrap(machineError { _ = try Machine(config: config) })
        XCTAssertNil(hook.location)
        XCTAssertEqual(hook.render(reading: .disk), "error: the model does not define 'kernel_exit_el1', which the machine calls\n")

        config.program = original
        config.program.constants["PTE_VALID"] = nil
        let constant = try XCTUnwrap(machineError { _ = try Machine(config: config) })
        XCTAssertEqual(constant.render(reading: .disk),
                       "error: the model does not define the constant 'PTE_VALID', which the machine reads\n")
    }
}

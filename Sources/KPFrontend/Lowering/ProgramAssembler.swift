import KPIR

/// Lowers every checked function and collects the program-wide tables.
enum ProgramAssembler {
    static func assemble(_ checked: CheckedProgram, constants: [String: UInt64]) throws(DiagnosticError) -> Program {
        var functions: [Function] = []
        for function in checked.functions {
            functions.append(try FunctionLowerer.lower(function, guardClasses: checked.guardClasses))
        }
        let guardClasses = checked.guardClasses.map {
            GuardClass(name: $0.name, location: $0.location, switchesContext: $0.destructor != nil)
        }
        return Program(functions: functions, taskFields: checked.environment.task.fields, regsFields: checked.environment.regs.fields,
                       globals: checked.globals, perCPU: checked.perCPU, constants: constants, guardClasses: guardClasses,
                       structs: checked.structs)
    }
}

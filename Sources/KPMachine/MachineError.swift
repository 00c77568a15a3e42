import KPIR

/// How a model fails to fit the machine (a missing hook or constant, a builtin or pointer
/// used in a way the machine cannot execute), or a search the machine cannot do. Thrown
/// as a `DiagnosticError` at the model's instruction or function where there is one.
public enum MachineError: UserError {
    case missingHook(String)
    case missingConstant(String)
    case tooFewTasks
    case irqNestingZero
    case recursion(String)
    case modularSearchInapplicable(String)
    case chooseCount
    case threadFlagNumber
    case pgtableEntryIndex
    case pgtableStoreThroughNonEntry
    case noSuchTask
    case noSuchExceptionFrame
    case foreignTaskAway(field: String, task: String)
    case foreignTaskRunning(field: String, task: String)

    public var description: String {
        switch self {
        case .missingHook(let name): "the model does not define '\(name)', which the machine calls"
        case .missingConstant(let name): "the model does not define the constant '\(name)', which the machine reads"
        case .tooFewTasks: "a scenario needs at least one CPU and at least as many tasks as CPUs"
        case .irqNestingZero: "irq-nesting must be at least 1 when interrupts may arrive"
        case .recursion(let name): "recursion through '\(name)'"
        case .modularSearchInapplicable(let why): "the modular search does not apply: \(why)"
        case .chooseCount: "kpcheck_choose needs a constant between 1 and 64"
        case .threadFlagNumber: "thread flag number must be a constant below 64"
        case .pgtableEntryIndex: "a page-table entry index must be a constant"
        case .pgtableStoreThroughNonEntry: "a page-table store through a pointer that names no page-table entry"
        case .noSuchTask: "a task pointer that names no task"
        case .noSuchExceptionFrame: "a pt_regs pointer that names no exception frame"
        case .foreignTaskAway(let field, let task):
            "accesses \(field) of \(task), which is neither this CPU's task nor the one it switches to; the modular search keeps only those"
        case .foreignTaskRunning(let field, let task):
            "accesses \(field) of \(task), which is running on another CPU; a running task's fields belong to its CPU"
        }
    }
}

import KPExplorer
import KPIR

/// What the model's pointers name (tasks, exception frames, page-table entries), and
/// which of them a step may touch.
extension Machine {
    /// A task running on another CPU is off limits: the machine keeps a running task's
    /// fields private to its CPU (it reads its own without a step of its own).
    func noteTaskAccess(_ e: inout Exec, target: Int, running t: Int, field: Int,
                        at location: @autoclosure () -> SourceLocation) throws {
        guard target != t else { return }
        if e.state[layout.taskBase[target] + StateLayout.taskStatus] == TaskStatus.away.rawValue {
            throw DiagnosticError(MachineError.foreignTaskAway(field: program.taskFields[field].name, task: taskName(target)), at: location())
        }
        // The task this CPU is switching to is claimed by it: no other CPU may take it.
        if owns(e.cpu, task: target, in: e.state) { return }
        if e.state[layout.taskBase[target] + StateLayout.taskStatus] == TaskStatus.running.rawValue {
            throw DiagnosticError(MachineError.foreignTaskRunning(field: program.taskFields[field].name, task: taskName(target)), at: location())
        }
    }

    func taskIndex(_ e: Exec, _ handle: ValueWord, at location: @autoclosure () -> SourceLocation) throws -> Int {
        guard let h = values.constant(handle), Handle.tag(h) == Handle.taskTag, Handle.taskIndex(h) < taskCount else {
            throw DiagnosticError(MachineError.noSuchTask, at: location())
        }
        return Handle.taskIndex(h)
    }

    func regsBase(_ e: Exec, _ handle: ValueWord, at location: @autoclosure () -> SourceLocation) throws -> Int {
        guard let h = values.constant(handle), Handle.tag(h) == Handle.regsTag,
              Handle.regsTask(h) < taskCount, Handle.regsLevel(h) >= 1,
              Handle.regsLevel(h) < layout.levels else {
            throw DiagnosticError(MachineError.noSuchExceptionFrame, at: location())
        }
        return layout.context(Handle.regsTask(h), Handle.regsLevel(h)) + StateLayout.ctxRegs
    }

    func describeEntry(_ handle: ValueWord) -> String {
        guard let h = values.constant(handle), Handle.tag(h) == Handle.pgtableTag else { return "*\(render(handle))" }
        return "\(Handle.pgtableIsUser(h) ? "user" : "kernel") \(Handle.pgtableLevel(h))[\(Handle.pgtableIndex(h))]"
    }
}

import KPExplorer
import KPFrontend
import KPIR
import KPMachine
import KPProperties
import KPReport
import XCTest

/// A model written in the test, in memory: just the machine's hooks and constants
/// plus the scenario's C, so each test shows one rule of the machine.
enum MiniModel {
    static let base = """
        #define TIF_LAZY_MMU_PENDING 31
        #define PTE_VALID 1UL
        #define POR_EL1_INIT 0x17UL
        #define PGTABLE_PKEY 1
        #define PGTABLES (POR_EL1_INIT | 0x40UL)
        struct thread_struct { u64 por_el1; };
        struct task_struct { struct thread_struct thread; };
        struct pt_regs { u64 por_el1; };
        void kernel_entry_el1(struct pt_regs *regs) {}
        void kernel_exit_el1(struct pt_regs *regs) {}
        void permission_overlay_switch(struct task_struct *next)
        {
        	current->thread.por_el1 = read_sysreg_s(SYS_POR_EL1);
        	if (current->thread.por_el1 != next->thread.por_el1) {
        		write_sysreg_s(next->thread.por_el1, SYS_POR_EL1);
        		isb();
        	}
        }
        """

    struct Run {
        var machine: Machine
        var result: SearchResult<Violation>

        func violated(_ p: Property) -> Bool { result.findings[p.rawValue] != nil }

        /// The shortest trace to a violation of `p`, one action a line, for failure messages.
        func trace(_ p: Property) -> String {
            guard let path = result.findings[p.rawValue]?.path,
                  var state = try? machine.initialStates()[Int(path[0])] else { return "(none)" }
            var lines: [String] = []
            for choice in path.dropFirst() {
                guard let step = try? machine.transitions(of: state)[Int(choice)] else { break }
                lines.append("cpu\(step.cpu) \(step.context) \(step.action.text)")
                state = step.state
            }
            return lines.joined(separator: "\n")
        }
        func traceLength(_ p: Property) -> Int? { result.findings[p.rawValue].map { $0.path.count - 1 } }
    }

    /// Where the scenario's C is, for the locations of diagnostics.
    static let scenarioPath = "/kpcheck-mini/Models/scenarios/s.c"

    /// Builds `scenario` (C source) with `tasks` on `cpus` CPUs and explores it.
    static func explore(_ scenario: String, tasks: [String] = ["task"], cpus: Int = 1, interrupts: Int = 0,
                        hardirq: String? = nil, softirq: String? = nil, irqNesting: Int = 1, featExS: Bool = false,
                        mergesPrivateReads: Bool = true, maxStates: Int = 100_000) throws -> Run {
        var config = try build(scenario, tasks: tasks, cpus: cpus, interrupts: interrupts, hardirq: hardirq,
                               softirq: softirq, irqNesting: irqNesting, featExS: featExS)
        config.mergesPrivateReads = mergesPrivateReads
        let machine = try Machine(config: config)
        let result = try BreadthFirstSearch(system: machine, limits: SearchLimits(maxStates: maxStates)).run()
        return Run(machine: machine, result: result)
    }

    /// The machine configuration of `scenario`, for tests that change its program first.
    static func build(_ scenario: String, tasks: [String] = ["task"], cpus: Int = 1, interrupts: Int = 0,
                      hardirq: String? = nil, softirq: String? = nil, irqNesting: Int = 1,
                      featExS: Bool = false) throws -> MachineConfig {
        let root = "/kpcheck-mini/Models"
        let taskList = tasks.map { "\"\($0)\"" }.joined(separator: ", ")
        let files: [String: String] = [
            "\(root)/kernel/base.c": base,
            "\(root)/variants/mini.toml": """
                description = "mini"
                sources = ["../kernel/base.c"]
                [options]
                feat-exs = \(featExS)
                """,
            "\(root)/scenarios/s.toml": """
                description = "test"
                source = "s.c"
                cpus = \(cpus)
                tasks = [\(taskList)]
                interrupts = \(interrupts)
                irq-nesting = \(irqNesting)
                \(hardirq.map { "hardirq = \"\($0)\"" } ?? "")
                \(softirq.map { "softirq = \"\($0)\"" } ?? "")
                preemption = true
                """,
            "\(root)/scenarios/s.c": scenario,
        ]
        let provider = SourceProvider.inMemory(files)
        let models = try ModelRoot(directory: root, files: provider)
        let variant = try models.variant("mini")
        let built: BuiltModel
        do {
            built = try Frontend.build(BuildRequest(variant: variant, scenario: try models.scenario("s"), overrides: [],
                                                    options: [:], settings: [:]), files: provider)
        } catch {
            XCTFail(error.render())
            throw error
        }
        let s = try XCTUnwrap(built.scenario)
        return MachineConfig(program: built.program, cpus: s.cpus, taskEntries: s.taskEntries, hardirq: s.hardirq,
                             softirq: s.softirq, interrupts: s.interrupts, irqNesting: s.irqNesting,
                             preemption: s.preemption, featExS: built.options.featExS,
                             exceptionEntryReset: built.options.exceptionEntryReset)
    }
}

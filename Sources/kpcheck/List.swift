import ArgumentParser
import KPDriver
import KPProperties

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the shipped variants, scenarios and properties.")

    @OptionGroup var models: ModelOptions

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            print("variants:")
            for name in root.variantNames() {
                let v = try root.variant(name)
                print("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(v.description)")
            }
            print("scenarios:")
            for name in root.scenarioNames() {
                let s = try root.scenario(name)
                print("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(s.description) [cpus \(s.cpus), tasks \(s.tasks.count), interrupts \(s.interrupts < 0 ? "unbounded" : String(s.interrupts))\(s.search == .modular ? ", modular search" : "")]")
            }
            print("properties:")
            for p in Property.allCases {
                print("  \(p.name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(p.summary)")
            }
            return 0
        }
    }
}

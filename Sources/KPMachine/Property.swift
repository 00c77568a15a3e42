import KPExplorer
import KPIR
import KPProperties

extension Property {
    /// Whether the property means something for a configuration.
    public func applies(to config: MachineConfig) -> Bool {
        switch self {
        case .irqDefaultContext: config.exceptionEntryReset && config.interrupts != 0
        default: true
        }
    }
}

/// A violation seen on one transition.
public struct Violation: SearchFinding, Sendable {
    public var property: Property
    public var message: String
    public var location: SourceLocation
    /// A fault or BUG: the run cannot continue.
    public var fatal: Bool

    public var propertyKey: Int { property.rawValue }
    public var stopsPath: Bool { fatal }
}

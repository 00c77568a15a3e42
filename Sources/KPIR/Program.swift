/// A lowered model: every function of a variant plus a scenario, as small step programs.
///
/// The front end produces it; the machine executes it. Functions are numbered by their
/// index in `functions`; registers are numbered per function, parameters first.
public struct Program: Equatable, Sendable {
    public var functions: [Function]
    /// Flat layout of `struct task_struct` as the model declares it, nested structs
    /// flattened with dotted names: `thread.por_el1`, `lazy_mmu_state.enable_count`.
    public var taskFields: [Field]
    /// Flat layout of `struct pt_regs` (the exception frame), e.g. `por_el1`.
    public var regsFields: [Field]
    /// File-scope variables shared by all CPUs (`static u64 x;`).
    public var globals: [Field]
    /// Per-CPU variables (`DEFINE_PER_CPU(u64, x);`, read with `this_cpu_read(x)`).
    public var perCPU: [Field]
    /// Object-like macros whose value is an integer constant after expansion, by name.
    /// The machine reads `TIF_LAZY_MMU_PENDING`, `PTE_VALID` and `POR_EL1_INIT` from here.
    public var constants: [String: UInt64]
    /// Guard classes (`KPKEYS_GUARD_COND`, `KPKEYS_GUARD_NOOP`) defined by the model, for listings.
    public var guardClasses: [GuardClass]
    /// Struct declarations, for listings.
    public var structs: [StructDecl]

    public init(functions: [Function] = [], taskFields: [Field] = [], regsFields: [Field] = [],
                globals: [Field] = [], perCPU: [Field] = [], constants: [String: UInt64] = [:],
                guardClasses: [GuardClass] = [], structs: [StructDecl] = []) {
        self.functions = functions
        self.taskFields = taskFields
        self.regsFields = regsFields
        self.globals = globals
        self.perCPU = perCPU
        self.constants = constants
        self.guardClasses = guardClasses
        self.structs = structs
    }

    /// The index of the function named `name`, if the program has one.
    public func function(named name: String) -> Int? {
        functions.firstIndex { $0.name == name }
    }

    public func taskField(named name: String) -> Int? {
        taskFields.firstIndex { $0.name == name }
    }
}

/// A fixed-size integer type of C. `bool` is `IntType(bits: 1, signed: false)`.
public struct IntType: Hashable, Sendable, CustomStringConvertible {
    public var bits: UInt8
    public var signed: Bool

    public init(bits: UInt8, signed: Bool) {
        self.bits = bits
        self.signed = signed
    }

    public static let bool = IntType(bits: 1, signed: false)
    public static let u8 = IntType(bits: 8, signed: false)
    public static let u16 = IntType(bits: 16, signed: false)
    public static let u32 = IntType(bits: 32, signed: false)
    public static let u64 = IntType(bits: 64, signed: false)
    public static let int = IntType(bits: 32, signed: true)
    public static let long = IntType(bits: 64, signed: true)

    public var description: String {
        if bits == 1 { return "bool" }
        return (signed ? "s" : "u") + String(bits)
    }
}

/// What a pointer may point to. There is no pointer arithmetic: a pointer is an opaque
/// handle (see `Handle`) that names one object of the machine.
public enum PointerKind: Hashable, Sendable {
    case task                  // struct task_struct *
    case regs                  // struct pt_regs *
    case pgtable(PTLevel)      // pte_t *, pmd_t *, pud_t *, p4d_t *, pgd_t *
}

public enum PTLevel: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case pte = 0, pmd, pud, p4d, pgd
    public var description: String {
        switch self {
        case .pte: "pte"
        case .pmd: "pmd"
        case .pud: "pud"
        case .p4d: "p4d"
        case .pgd: "pgd"
        }
    }
}

public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case void
    case int(IntType)
    case pointer(PointerKind)

    public var description: String {
        switch self {
        case .void: "void"
        case .int(let t): t.description
        case .pointer(.task): "struct task_struct *"
        case .pointer(.regs): "struct pt_regs *"
        case .pointer(.pgtable(let level)): "\(level)_t *"
        }
    }
}

/// A scalar slot of a struct, a global or a per-CPU variable.
public struct Field: Hashable, Sendable {
    public var name: String
    public var type: IntType
    public var location: SourceLocation
    /// Initial value (globals and per-CPU variables with a constant initialiser).
    public var initial: UInt64

    public init(name: String, type: IntType, location: SourceLocation, initial: UInt64 = 0) {
        self.name = name
        self.type = type
        self.location = location
        self.initial = initial
    }
}

public struct GuardClass: Hashable, Sendable {
    public var name: String
    public var location: SourceLocation
    /// false for `KPKEYS_GUARD_NOOP`.
    public var switchesContext: Bool

    public init(name: String, location: SourceLocation, switchesContext: Bool) {
        self.name = name
        self.location = location
        self.switchesContext = switchesContext
    }
}

public struct StructDecl: Hashable, Sendable {
    public var name: String
    public var location: SourceLocation
    public var fields: [String]

    public init(name: String, location: SourceLocation, fields: [String]) {
        self.name = name
        self.location = location
        self.fields = fields
    }
}

/// Pointer values are 64-bit handles: the kind in the top byte, the rest says which object.
/// `0` is NULL.
public enum Handle {
    public static let taskTag: UInt64 = 0x01
    public static let regsTag: UInt64 = 0x02
    public static let pgtableTag: UInt64 = 0x03

    public static func task(_ index: Int) -> UInt64 { (taskTag << 56) | UInt64(index) }
    /// The exception frame of interrupt nesting level `level` (1-based) of task `task`.
    public static func regs(task: Int, level: Int) -> UInt64 {
        (regsTag << 56) | (UInt64(task) << 8) | UInt64(level)
    }
    /// Entry `index` of a page table at `level`, kernel or user.
    public static func pgtable(level: PTLevel, user: Bool, index: Int) -> UInt64 {
        (pgtableTag << 56) | (UInt64(user ? 1 : 0) << 40) | (UInt64(level.rawValue) << 32) | UInt64(index)
    }

    public static func tag(_ h: UInt64) -> UInt64 { h >> 56 }
    public static func taskIndex(_ h: UInt64) -> Int { Int(h & 0xFFFF_FFFF) }
    public static func regsTask(_ h: UInt64) -> Int { Int((h >> 8) & 0xFFFF) }
    public static func regsLevel(_ h: UInt64) -> Int { Int(h & 0xFF) }
    public static func pgtableIsUser(_ h: UInt64) -> Bool { (h >> 40) & 1 == 1 }
    public static func pgtableLevel(_ h: UInt64) -> PTLevel { PTLevel(rawValue: UInt8((h >> 32) & 0xFF)) ?? .pte }
    public static func pgtableIndex(_ h: UInt64) -> Int { Int(h & 0xFFFF_FFFF) }
}

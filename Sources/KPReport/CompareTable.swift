/// What `kpcheck compare` found: verdict rows (one per scenario × sweep value × option
/// point × property) and cost rows (one per scenario × sweep value × option point), a
/// cell per column. Rows where the columns disagree come first.
public struct CompareTable: Codable {
    public var columns: [String]
    public var verdicts: [VerdictRow] = []
    public var costs: [CostRow] = []
    /// The shortest counterexample of each violation in a disagreeing row.
    public var disagreementTraces: [SavedTrace] = []
    /// Which share of the comparison's jobs this table holds (`--shard`); nil for all.
    public var shard: ShardRecord?

    public init(columns: [String]) { self.columns = columns }

    public struct VerdictCell: Codable, Equatable {
        public var status: String
        /// Length of the shortest counterexample, for a violation.
        public var steps: Int?

        package init(_ result: CheckResult) {
            status = result.status.rawValue
            steps = result.status == .violated ? result.trace?.count : nil
        }

        public var text: String { steps.map { "\(status) (\($0) steps)" } ?? status }
    }

    public struct VerdictRow: Codable {
        public struct Key: Codable, Hashable, CustomStringConvertible {
            public var scenario: String
            public var sweep: String?
            public var options: String
            public var property: String

            package init(scenario: String, sweep: String?, options: String, property: String) {
                self.scenario = scenario
                self.sweep = sweep
                self.options = options
                self.property = property
            }

            public var description: String {
                [scenario, sweep ?? "", options, property].filter { !$0.isEmpty }.joined(separator: " ")
            }
        }
        public var key: Key
        /// nil: the column has no such job (its variant lacks that option point).
        public var cells: [VerdictCell?]

        /// The columns give different verdicts (a missing cell counts as n/a).
        public var disagrees: Bool { Set(cells.map { $0?.status ?? Status.notApplicable.rawValue }).count > 1 }
    }

    public struct CostCell: Codable, Equatable {
        /// On the canonical schedule (one CPU, no interrupts, no preemption).
        public var isb, dsb, porWrites, exposure: Int
        /// Over all complete runs.
        public var range: CostRange
        /// States the check explored.
        public var states: Int

        package init(metrics: MetricsRow, range: CostRange) {
            isb = metrics.isb
            dsb = metrics.dsb
            porWrites = metrics.porWrites
            exposure = metrics.exposure
            self.range = range
            states = metrics.states
        }
    }

    public struct CostRow: Codable {
        public struct Key: Codable, Hashable {
            public var scenario: String
            public var sweep: String?
            public var options: String

            package init(scenario: String, sweep: String?, options: String) {
                self.scenario = scenario
                self.sweep = sweep
                self.options = options
            }
        }
        public var key: Key
        public var cells: [CostCell?]
    }

    package mutating func setVerdict(_ key: VerdictRow.Key, column: Int, cell: VerdictCell) {
        if let i = verdicts.firstIndex(where: { $0.key == key }) {
            verdicts[i].cells[column] = cell
        } else {
            var row = VerdictRow(key: key, cells: Array(repeating: nil, count: columns.count))
            row.cells[column] = cell
            verdicts.append(row)
        }
    }

    package mutating func setCost(_ key: CostRow.Key, column: Int, cell: CostCell) {
        if let i = costs.firstIndex(where: { $0.key == key }) {
            costs[i].cells[column] = cell
        } else {
            var row = CostRow(key: key, cells: Array(repeating: nil, count: columns.count))
            row.cells[column] = cell
            costs.append(row)
        }
    }

    /// Stable: within each group the rows keep the order they were checked in.
    package mutating func sortDisagreementsFirst() {
        verdicts = verdicts.filter(\.disagrees) + verdicts.filter { !$0.disagrees }
    }

    /// The options a row is about, without the swept key (the sweep has its own label).
    package static func optionText(_ labels: [String: String], sweep: String?) -> String {
        labels.keys.sorted().filter { $0 != sweep }.map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }
}

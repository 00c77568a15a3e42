import ArgumentParser
import KPDriver
import KPReport

struct KPCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpcheck",
        abstract: "Model checker for the arm64 kpkeys page-table hardening.",
        discussion: """
            With no subcommand, checks every shipped variant and scenario and compares each \
            verdict with the one its manifest expects.

            Exit status: 0 every checked property holds (or, for the default job, every verdict \
            is as expected); 1 a property is violated (or a verdict differs); 2 usage or model \
            error; 3 incomplete (a bound was hit) or the solver answered unknown.
            """,
        version: kpcheckVersion,
        subcommands: [DefaultRun.self, Check.self, Replay.self, List.self, Parse.self,
                      Compare.self,
                      Mutate.self,
                      Prove.self, Merge.self],
        defaultSubcommand: DefaultRun.self)
}

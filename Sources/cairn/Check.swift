import ArgumentParser
import CairnCore
import Foundation

extension Cairn {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the site without writing anything: links, anchors, placeholders, tables of contents, reviews.")

        @OptionGroup var site: SiteOptions

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @Flag(help: "Include pages marked draft: true.")
        var drafts = false

        func run() throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let root = try site.rootURL(cwd: cwd)
            let report = SiteBuilder.render(root: root, includeDrafts: drafts, strict: strict, layout: false)
            let printer = ReportPrinter(root: root, cwd: cwd, format: site.format, quiet: site.quiet)
            printer.print(report.diagnostics)
            if let rows = report.checks?.health {
                let placeholders = rows.reduce(0) { $0 + $1.placeholders }
                let withPlaceholders = rows.count(where: { $0.placeholders > 0 })
                let broken = rows.reduce(0) { $0 + $1.brokenLinks }
                let facts = [
                    "\(placeholders) unfilled placeholder\(placeholders == 1 ? "" : "s") on \(withPlaceholders) page\(withPlaceholders == 1 ? "" : "s")",
                    "\(rows.count(where: \.tableOfContentsDrift)) table\(rows.count(where: \.tableOfContentsDrift) == 1 ? "" : "s") of contents out of date",
                    "\(broken) broken link\(broken == 1 ? "" : "s")",
                    "\(rows.count(where: \.reviewOverdue)) review\(rows.count(where: \.reviewOverdue) == 1 ? "" : "s") overdue",
                    "\(rows.count(where: \.orphan)) orphan page\(rows.count(where: \.orphan) == 1 ? "" : "s")",
                ]
                printer.summary("Checked \(rows.count) page\(rows.count == 1 ? "" : "s"): \(facts.joined(separator: ", "))\(printer.countsSuffix(report.diagnostics))")
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

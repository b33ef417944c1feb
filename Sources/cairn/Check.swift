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
            let report = SiteBuilder.render(root: root, mode: .check, includeDrafts: drafts, strict: strict)
            let printer = ReportPrinter(root: root, cwd: cwd, format: site.format, quiet: site.quiet)
            printer.print(report.diagnostics)
            if let totals = report.checks?.totals {
                let facts = [
                    "\(counted(totals.placeholders, "unfilled placeholder")) on \(counted(totals.withPlaceholders, "page"))",
                    "\(counted(totals.tablesOfContentsOutOfDate, "table", "tables")) of contents out of date",
                    counted(totals.brokenLinks, "broken link"),
                    "\(counted(totals.reviewsOverdue, "review")) overdue",
                    counted(totals.orphans, "orphan page"),
                ]
                printer.summary("Checked \(counted(totals.pages, "page")): \(facts.joined(separator: ", "))\(printer.countsSuffix(report.diagnostics))")
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

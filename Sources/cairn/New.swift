import ArgumentParser
import CairnCore
import Foundation

extension NewPage.Template: ExpressibleByArgument {}

extension Cairn {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a page from a template (the next ADR number and today's date filled in); never overwrites a file.")

        @Argument(help: "The page to create, relative to the content folder (adr/use-kafka.md, ops/payments-runbook.md).", completion: .file(extensions: ["md"]))
        var path: String

        @Option(help: "adr, runbook, overview or page (default: adr inside an adr/ or decisions/ folder, page elsewhere).")
        var template: NewPage.Template?

        @Option(help: "The page title (default: from the file name).")
        var title: String?

        @Option(help: "The site folder holding site.json (default: the current folder).", completion: .directory)
        var root: String = "."

        func run() throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let rootURL = URL(fileURLWithPath: root, isDirectory: true, relativeTo: cwd).standardizedFileURL
            guard FileManager.default.fileExists(atPath: rootURL.path) else {
                throw ValidationError("site folder '\(root)' does not exist")
            }
            let report = NewPage.run(path, root: rootURL, template: template, title: title, date: SiteScaffold.today())
            let printer = ReportPrinter(root: rootURL, cwd: cwd, format: .text, quiet: false)
            printer.print(report.diagnostics)
            guard let created = report.created, let template = report.template else { throw ExitCode(1) }
            print("Created \(printer.displayPath(created)) (\(template.rawValue) template)")
        }
    }
}

import ArgumentParser
import CairnCore
import Foundation

extension SiteTemplate: ExpressibleByArgument {}

extension Cairn {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a new site: site.json, content/, a CI workflow and .gitignore; never overwrites a file.")

        @Argument(help: "The folder to make the site in, created when missing (default: the current folder).", completion: .directory)
        var folder: String = "."

        @Option(help: "What to start from: overview (the project-overview template, a runbook, a first ADR) or minimal (one page).")
        var template: SiteTemplate = .overview

        @Option(help: "The site title (default: from the folder name).")
        var title: String?

        @Flag(help: "Add the missing files to a folder that is not empty; files already there are kept.")
        var force = false

        func run() throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let url = URL(fileURLWithPath: folder, isDirectory: true, relativeTo: cwd).standardizedFileURL
            let report = SiteInit.run(.init(folder: url, template: template, force: force, title: title, date: SiteScaffold.today()))
            let printer = ReportPrinter(root: url, cwd: cwd, format: .text, quiet: false)
            if let refused = report.refused {
                var shown = refused
                shown.file = printer.display(url)
                printer.print([shown])
                throw ExitCode(1)
            }
            let written = report.written
            let shownFolder = printer.display(url)
            var lines: [String] = []
            if written.created.isEmpty {
                lines.append("Nothing to add: \(shownFolder) already has every file of the \(template.rawValue) template.")
            } else {
                lines.append("Created a Cairn site in \(shownFolder) (\(template.rawValue) template), \(counted(written.created.count, "file")):")
                lines += written.created.map { "  " + $0 }
            }
            if !written.kept.isEmpty {
                lines.append("Kept \(counted(written.kept.count, "file")) already there (not overwritten):")
                lines += written.kept.map { "  " + $0 }
            }
            lines += ["", "Next:"]
            if shownFolder != "." { lines.append("  cd \(shellQuoted(shownFolder))") }
            lines.append("  cairn watch      # preview at http://127.0.0.1:8000/, rebuilt on every save")
            lines.append("  cairn publish    # the deployable site in public/, checked as CI checks it")
            print(lines.joined(separator: "\n"))
            printer.print(written.problems)
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

/// `path` as one shell word.
func shellQuoted(_ path: String) -> String {
    let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "-_./+@%:,".contains($0) }
    return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

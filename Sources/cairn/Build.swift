import ArgumentParser
import CairnCore
import Foundation

extension Cairn {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the site into its output folder (outputDir in site.json, default _site).")

        @OptionGroup var site: SiteOptions

        @Option(name: .long, help: "Write the site here instead of outputDir.", completion: .directory)
        var output: String?

        @Flag(help: "Treat warnings (broken links, unknown keys) as errors.")
        var strict = false

        @Flag(help: "Include pages marked draft: true.")
        var drafts = false

        @Flag(help: "Also print how long each stage took.")
        var verbose = false

        func run() throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let root = try site.rootURL(cwd: cwd)
            let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd).standardizedFileURL }
            let report = SiteBuilder.build(BuildOptions(root: root, output: outputURL, strict: strict, includeDrafts: drafts))
            let printer = ReportPrinter(root: root, cwd: cwd, format: site.format, quiet: site.quiet)
            printer.print(report.diagnostics)
            if verbose {
                printer.timings(report.timings)
            }
            if let outputURL = report.outputURL {
                let tail = printer.countsSuffix(report.diagnostics)
                let milliseconds = Int((report.elapsed * 1000).rounded())
                printer.summary("Built \(counted(report.pageCount, "page")) in \(milliseconds) ms → \(printer.display(outputURL))\(tail)")
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

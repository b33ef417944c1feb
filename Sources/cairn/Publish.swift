import ArgumentParser
import CairnCore
import Foundation

extension Cairn {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the deployable site strictly and swap it into publishDir (default public/) in one step.")

        @OptionGroup var site: SiteOptions

        @Option(name: .long, help: "Publish here instead of publishDir.", completion: .directory)
        var output: String?

        @Option(name: .customLong("base-url"), help: "The URL the site is served from, overriding baseURL (e.g. https://example.com/docs/).")
        var baseURL: String?

        @Flag(help: "Accept a publish folder holding files Cairn did not write (they are kept, never deleted).")
        var force = false

        @Flag(help: "Also print how long each stage took.")
        var verbose = false

        func run() throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let root = try site.rootURL(cwd: cwd)
            var options = PublishOptions(
                root: root,
                output: output.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd).standardizedFileURL },
                baseURL: baseURL, force: force)
            #if DEBUG
            options.crashPoint = ProcessInfo.processInfo.environment["CAIRN_TEST_CRASH_AT"]
            #endif
            let report = SitePublisher.publish(options)
            let printer = ReportPrinter(root: root, cwd: cwd, format: site.format, quiet: site.quiet)
            printer.print(report.diagnostics)
            if verbose { printer.timings(report.timings) }
            if let outputURL = report.outputURL {
                let milliseconds = Int((report.elapsed * 1000).rounded())
                let files = report.files.count
                printer.summary("Published \(counted(report.pageCount, "page")) (\(counted(files, "file"))) in \(milliseconds) ms → \(printer.display(outputURL))\(printer.countsSuffix(report.diagnostics))")
            } else {
                printer.summary("Not published; the previous site is untouched\(printer.countsSuffix(report.diagnostics))")
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

import ArgumentParser
import CairnCore
import CairnPreview
import Foundation

extension Cairn {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild on every save and preview the site with live reload.",
            discussion: """
                Serves the last complete build from memory at http://127.0.0.1:8000/ (the next free port when \
                that one is taken). Pages reload by themselves after each rebuild; errors show over the page. \
                With --no-server, keeps outputDir rebuilt on disk instead. Ctrl-C stops.
                """)

        @OptionGroup var site: SiteOptions

        @Option(help: "Port to serve on (the next free one is taken when it is busy).")
        var port: Int = 8000

        @Option(help: "Address to bind; 0.0.0.0 makes the preview reachable from your network.")
        var host: String = "127.0.0.1"

        @Flag(help: "Watch by polling file times instead of the system's file events.")
        var poll = false

        @Flag(name: .customLong("no-server"), help: "Do not serve; keep outputDir rebuilt on disk.")
        var noServer = false

        @Flag(help: "Open the preview in the default browser.")
        var open = false

        @Flag(help: "Include pages marked draft: true.")
        var drafts = false

        @Flag(help: "Also print how long each stage of each rebuild took.")
        var verbose = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        }

        func run() async throws {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let root = try site.rootURL(cwd: cwd)
            let printer = ReportPrinter(root: root, cwd: cwd, format: site.format, quiet: site.quiet)

            let target: WatchTarget
            if noServer {
                let (config, configProblems) = LoadContent.loadConfig(root: root)
                let output = root.appendingPathComponent(config.outputDir, isDirectory: true)
                let (folder, problems) = OutputFolder.claim(output, root: root, contentDir: config.contentDir, settingName: "outputDir")
                guard let folder else {
                    printer.print(configProblems + problems)
                    throw ExitCode(1)
                }
                target = .folder(folder)
            } else {
                target = .preview(PreviewState())
            }

            let terminal = WatchTerminal(printer: printer, verbose: verbose)
            let loop = WatchLoop(
                root: root, options: WatchOptions(includeDrafts: drafts, poll: poll), target: target,
                onBuild: { terminal.show($0) }, onNotice: { terminal.notice($0) })
            try loop.start()
            Self.stopOnSignals { loop.stop() }

            let state: PreviewState
            switch target {
            case .folder(let folder):
                terminal.always("Watching \(printer.display(root)) → \(printer.display(folder.url)) (Ctrl-C to stop)")
                while true { try await Task.sleep(for: .seconds(3600)) }
            case .preview(let preview):
                state = preview
            }
            if !Self.isLoopback(host) {
                terminal.notice("warning: listening on \(host): anyone who can reach this machine can read the preview")
            }
            guard let free = PreviewServer.freePort(host: host, from: port) else {
                terminal.notice("error: no free port from \(port) to \(port + 49) on \(host)")
                throw ExitCode(1)
            }
            if free != port { terminal.notice("Port \(port) is in use; using \(free)") }
            let shownHost = host.contains(":") ? "[\(host)]" : host
            let openBrowser = open
            try await PreviewServer(state: state, host: host, port: free).run { bound in
                let url = "http://\(shownHost == "0.0.0.0" ? "127.0.0.1" : shownHost):\(bound)/"
                terminal.always("Serving \(url) (Ctrl-C to stop)")
                if openBrowser { Self.openInBrowser(url, terminal: terminal) }
            }
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        /// Ctrl-C and SIGTERM stop the watcher and exit with 0.
        static func stopOnSignals(_ stop: @escaping @Sendable () -> Void) {
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    stop()
                    FileHandle.standardError.write(Data("\nStopped.\n".utf8))
                    Foundation.exit(0)
                }
                source.resume()
                signalSources.keep(source)
            }
        }

        static func openInBrowser(_ url: String, terminal: WatchTerminal) {
            #if os(macOS)
            let opener = "/usr/bin/open"
            #else
            let opener = ExecutableSearch.find("xdg-open")?.path ?? ""
            #endif
            guard !opener.isEmpty else {
                terminal.notice("note: --open found no xdg-open; open \(url) yourself")
                return
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [url]
            try? process.run()
        }
    }
}

/// Keeps the signal sources alive for the life of the process.
let signalSources = SignalSources()

final class SignalSources: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []

    func keep(_ source: any DispatchSourceSignal) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }
}

/// The terminal side of `cairn watch`: one line per rebuild, diagnostics as `cairn build`
/// prints them (the first build's all; later builds' errors and the warnings of the files they
/// rebuilt).
struct WatchTerminal: Sendable {
    let printer: ReportPrinter
    let verbose: Bool

    func notice(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Where the preview is: printed even with --quiet.
    func always(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func show(_ build: WatchBuild) {
        let summary = build.summary
        let milliseconds = Int((summary.seconds * 1000).rounded())
        let diagnostics = build.report.diagnostics + build.writeProblems
        if verbose {
            printer.timings(build.report.timings)
            if !build.first {
                let files = summary.changedFiles.count + summary.removedFiles.count
                FileHandle.standardError.write(Data(
                    "  rendered \(summary.renderedPages.count), laid out \(summary.laidOutPages), \(counted(files, "file")) changed\n".utf8))
            }
        }
        if build.first {
            printer.print(diagnostics)
            printer.summary("Built \(counted(build.report.pageCount, "page")) in \(milliseconds) ms\(printer.countsSuffix(diagnostics))")
            return
        }
        let touched = Set(summary.changedSources + summary.renderedPages)
        printer.print(diagnostics.filter { $0.severity == .error || touched.contains($0.file ?? "") })
        let sources = summary.changedSources
        let shown = sources.prefix(3).joined(separator: ", ") + (sources.count > 3 ? ", +\(sources.count - 3) more" : "")
        let cause = shown.isEmpty ? "" : " (\(shown))"
        let what: String
        if summary.full {
            what = "Rebuilt all \(counted(build.report.pageCount, "page"))"
        } else if !summary.renderedPages.isEmpty {
            what = "Rebuilt \(counted(summary.renderedPages.count, "page"))"
        } else if summary.laidOutPages > 0 {
            what = "Laid out \(counted(summary.laidOutPages, "page"))"
        } else if !summary.changedFiles.isEmpty || !summary.removedFiles.isEmpty {
            what = "Updated \(counted(summary.changedFiles.count + summary.removedFiles.count, "file"))"
        } else {
            what = "Checked"
        }
        var line = "\(what) in \(milliseconds) ms\(cause)"
        let errors = diagnostics.errorCount
        if build.keptLastGood {
            line += " — \(counted(errors, "error")); still serving the last good build"
        } else if errors > 0 {
            line += " — \(counted(errors, "error"))"
        }
        printer.summary(line)
    }
}

import ArgumentParser
import CairnCore
import CairnMarkdown
import Foundation

@main
struct Cairn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Build a documentation site from a folder of Markdown.",
        discussion: """
            A site is a folder holding site.json (optional), content/ (Markdown pages with optional \
            YAML front matter, and their images) and optionally themes/. 'cairn init' makes one; \
            'cairn watch' previews it with live reload; 'cairn publish' writes the deployable site.

            Problems in your files are printed as 'path:line:column: severity: message', with a \
            'hint:' line where one helps. Exit status, for every command: 0 no errors; 1 errors in \
            your files (every page that could be built still is); 2 usage errors. Cairn only ever \
            deletes or replaces files it wrote itself.
            """,
        version: "cairn \(CairnVersion.current) (libcmark-gfm \(CmarkRuntime.versionString), "
            + (CmarkRuntime.parallelParsing ? "parallel parsing)" : "one parse at a time)")
            + (InputGuard.libraryNeedsGuard
                ? "\nnote: libcmark-gfm is older than 0.29.0.gfm.\(InputGuard.fixedVersionPatch); Cairn's input guard (limits in site.json) stands in for its missing fixes"
                : ""),
        subcommands: [Build.self, Watch.self, Check.self, Publish.self, Init.self, New.self]
    )

    /// Exit codes shared by every command: 0 success, 1 errors in the user's files, 2 usage errors.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || code.rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Argument(help: "The site folder holding site.json and content/ (default: the current folder).", completion: .directory)
    var root: String = "."

    @Option(help: "How to print diagnostics: text, json (an array on standard output) or github (Actions annotations).")
    var format: OutputFormat = .text

    @Flag(name: [.short, .long], help: "Print only errors (and the JSON or GitHub output).")
    var quiet = false
}

extension SiteOptions {
    /// The site folder as a URL; a usage error (exit 2) when it does not exist.
    func rootURL(cwd: URL) throws -> URL {
        let url = URL(fileURLWithPath: root, isDirectory: true, relativeTo: cwd).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("site folder '\(root)' does not exist")
        }
        return url
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// `path:line:column: severity: message` on standard error.
    case text
    /// A JSON array of diagnostics on standard output.
    case json
    /// GitHub Actions annotations (`::warning file=…,line=…,col=…::message`) on standard output.
    case github
}

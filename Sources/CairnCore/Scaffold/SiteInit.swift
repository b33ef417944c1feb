import Foundation

/// `cairn init`: a ready site in a new or empty folder, never replacing a file.
public enum SiteInit {
    public struct Options: Sendable {
        public var folder: URL
        public var template: SiteTemplate
        /// Add the missing files to a folder that already holds others (still never overwriting).
        public var force: Bool
        /// The site title; from the folder name when `nil`.
        public var title: String?
        /// `YYYY-MM-DD`, filled into the first decision record and the runbook.
        public var date: String

        public init(folder: URL, template: SiteTemplate = .overview, force: Bool = false, title: String? = nil, date: String) {
            self.folder = folder
            self.template = template
            self.force = force
            self.title = title
            self.date = date
        }
    }

    public struct Report: Sendable, Equatable {
        public var written: ScaffoldWriter.Result
        /// The folder is not empty and `force` was not given: nothing was written.
        public var refused: Diagnostic?

        public var succeeded: Bool { refused == nil && written.problems.isEmpty }
    }

    /// Entries that do not make a folder "not empty": a fresh `git init` or clone, Finder's litter.
    static let harmless: Set<String> = [".git", ".DS_Store"]

    public static func run(_ options: Options) -> Report {
        let folder = options.folder.standardizedFileURL
        let path = folder.path
        switch SafePaths.resolve(folder).flatMap({ SafePaths.linkType($0.path) }) {
        case nil:
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue {
                return refuse("'\(path)' is a file, not a folder", path: path)
            }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                return refuse("cannot make the folder: \(error.localizedDescription)", path: path)
            }
        case S_IFDIR?:
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { !harmless.contains($0) }.sorted()
            if !entries.isEmpty && !options.force {
                let shown = entries.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
                return Report(
                    written: ScaffoldWriter.Result(),
                    refused: .error(
                        "the folder is not empty (\(shown)); nothing was written", file: path,
                        hint: "use an empty folder, or add --force to add only the files that are missing (Cairn never overwrites a file)",
                        stage: .write))
            }
        default:
            return refuse("'\(path)' is not a folder", path: path)
        }
        let title = options.title ?? SiteScaffold.title(fromName: folder.lastPathComponent)
        let files = SiteScaffold.files(options.template, values: .init(title: title, date: options.date))
        return Report(written: ScaffoldWriter.write(files, into: folder), refused: nil)
    }

    private static func refuse(_ message: String, path: String) -> Report {
        Report(written: ScaffoldWriter.Result(), refused: .error(message, file: path, stage: .write))
    }
}

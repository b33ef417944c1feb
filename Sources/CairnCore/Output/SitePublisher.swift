import CSystemShim
import Foundation

/// How to publish a site.
public struct PublishOptions: Sendable {
    public var root: URL
    /// Overrides `publishDir` from `site.json`.
    public var output: URL?
    /// Overrides `baseURL` (for a deploy under a subpath such as `https://example.com/docs/`).
    public var baseURL: String?
    /// Accept a publish folder holding files Cairn did not write; they are kept, never deleted.
    public var force = false
    public var environment = BuildEnvironment.live
    #if DEBUG
    /// Debug builds only (the tests): where to stop the process with SIGKILL (`after-render`,
    /// `mid-write`, `before-swap`, `after-swap`), to prove a killed publish leaves the old site
    /// intact. A release binary has no way to kill itself.
    public var crashPoint: String?
    #endif

    public init(root: URL, output: URL? = nil, baseURL: String? = nil, force: Bool = false) {
        self.root = root
        self.output = output
        self.baseURL = baseURL
        self.force = force
    }
}

/// `cairn publish`: builds strictly into a hidden sibling of the publish folder, then swaps it in
/// with one atomic exchange, so a reader sees the old site or the new one, never a mix; a failed
/// or killed publish leaves the old site byte for byte, and the next run removes its leftovers.
public enum SitePublisher {
    public static func publish(_ options: PublishOptions) -> BuildReport {
        let root = options.root.standardizedFileURL
        let (config, configProblems) = LoadContent.loadConfig(root: root)
        var problems = configProblems
        if let baseURL = options.baseURL {
            let lower = baseURL.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) {
                problems.append(.error("--base-url must be an absolute http(s) URL, not '\(baseURL)'", stage: .load))
            }
        }
        let target = (options.output ?? root.appendingPathComponent(config.publishDir, isDirectory: true)).standardizedFileURL
        let settingName = options.output == nil ? "publishDir" : "--output"
        // Two publishes into one folder at once would swap each other's half-written sites.
        guard let lock = PublishLock(folder: target) else {
            problems.append(.error(
                "another cairn publish into '\(target.path)' is running", file: SiteConfig.fileName,
                hint: "wait for it to finish, then publish again", stage: .write))
            return BuildReport(
                diagnostics: problems.sortedForDisplay(), pageCount: 0, files: [], outputURL: nil, config: config,
                checks: nil, timings: [])
        }
        defer { lock.release() }
        removeLeftovers(of: target)
        let (claimed, claimProblems) = OutputFolder.claim(
            target, root: root, contentDir: config.contentDir, settingName: settingName, force: options.force)
        problems += claimProblems
        guard let folder = claimed, problems.errorCount == 0 else {
            return BuildReport(
                diagnostics: problems.sortedForDisplay(), pageCount: 0, files: [], outputURL: nil, config: config,
                checks: nil, timings: [])
        }

        var report = SiteBuilder.render(
            root: root, mode: .publish, environment: options.environment, config: (config, configProblems),
            adjust: { config in
                if let baseURL = options.baseURL { config.baseURL = baseURL }
                // Publishing is strict about links unless the site says otherwise.
                if !config.brokenLinksConfigured { config.brokenLinks = .error }
            })
        crash(at: "after-render", options)
        guard report.succeeded else { return report }

        var timer = StageTimer()
        let files = report.files
        let written = timer.measure("write") { writeAndSwap(files, into: folder, options: options) }
        report.timings += timer.timings
        report.diagnostics = (report.diagnostics + written).sortedForDisplay()
        if written.errorCount == 0 { report.outputURL = folder.url }
        return report
    }

    /// Writes the site into the hidden staging sibling, carries the user's own files over (a
    /// `CNAME` added by hand survives every publish), and swaps it in.
    private static func writeAndSwap(_ files: [OutputFile], into folder: OutputFolder, options: PublishOptions) -> [Diagnostic] {
        let staging = staging(for: folder.url)
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: staging)
        let stagingFolder = OutputFolder(url: staging, previousFiles: [])
        var afterHalf: (@Sendable () -> Void)?
        #if DEBUG
        if options.crashPoint == "mid-write" {
            afterHalf = { crash(at: "mid-write", options) }
        }
        #endif
        let (_, writeProblems) = stagingFolder.write(files, sink: DiskSink(folder: staging), afterHalf: afterHalf)
        var problems = writeProblems
        problems += carryOver(folder.foreignEntries(), from: folder.url, to: staging, written: Set(files.map(\.path)))
        guard problems.errorCount == 0 else {
            try? fileManager.removeItem(at: staging)
            return problems
        }
        // Files are written without a sync each; the new site reaches the disk once, as a whole,
        // before it replaces the old one (so a power cut after the swap cannot leave empty pages).
        guard cairn_sync_filesystem(staging.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(at: staging)
            return problems + [.error("cannot flush the new site to disk: \(reason); the published site is unchanged", stage: .write)]
        }
        crash(at: "before-swap", options)
        if fileManager.fileExists(atPath: folder.url.path) {
            guard cairn_exchange_paths(staging.path, folder.url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fileManager.removeItem(at: staging)
                return problems + [.error("cannot swap the new site into '\(folder.url.path)': \(reason)", stage: .write)]
            }
            crash(at: "after-swap", options)
            // `staging` now holds the previous site: Cairn's files and copies of any it kept.
            try? fileManager.removeItem(at: staging)
        } else {
            do {
                try fileManager.moveItem(at: staging, to: folder.url)
            } catch {
                try? fileManager.removeItem(at: staging)
                return problems + [.error("cannot move the new site into place: \(error.localizedDescription)", stage: .write)]
            }
        }
        return problems
    }

    /// The hidden sibling a publish is staged in: `.public.cairn-new`.
    static func staging(for folder: URL) -> URL {
        folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).cairn-new", isDirectory: true)
    }

    /// Removes what an interrupted publish left beside the folder: its staging sibling, which
    /// after an interrupted swap holds the previous site.
    static func removeLeftovers(of folder: URL) {
        let leftover = staging(for: folder)
        if FileManager.default.fileExists(atPath: leftover.path) { try? FileManager.default.removeItem(at: leftover) }
    }

    /// Carries what the user keeps in the publish folder (files Cairn did not write, symlinks,
    /// empty folders) into the new site as it is: symlinks stay symlinks, timestamps and
    /// permissions are kept. A kept file where the site now writes one stops the publish.
    private static func carryOver(_ paths: [String], from old: URL, to new: URL, written: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let fileManager = FileManager.default
        // Folders the new site writes into: a kept file of that name is in the way too.
        var writtenFolders: Set<String> = []
        for path in written {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard writtenFolders.insert(String(folder)).inserted else { break }
            }
        }
        for path in paths {
            if written.contains(path) || writtenFolders.contains(path) {
                problems.append(.error(
                    "'\(path)' in the publish folder is not Cairn's, and the site now writes a file of that name",
                    file: path, hint: "move your file away (Cairn never overwrites or deletes files it did not write), or rename the page",
                    stage: .write))
                continue
            }
            let source = old.appendingPathComponent(path)
            let target = new.appendingPathComponent(path)
            do {
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let attributes = try fileManager.attributesOfItem(atPath: source.path)
                switch attributes[.type] as? FileAttributeType {
                case .typeSymbolicLink?:
                    let destination = try fileManager.destinationOfSymbolicLink(atPath: source.path)
                    try fileManager.createSymbolicLink(atPath: target.path, withDestinationPath: destination)
                case .typeDirectory?:
                    try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
                default:
                    try fileManager.copyItem(at: source, to: target)
                }
                if attributes[.type] as? FileAttributeType != .typeSymbolicLink {
                    let kept = attributes.filter { $0.key == .modificationDate || $0.key == .posixPermissions }
                    try? fileManager.setAttributes(kept, ofItemAtPath: target.path)
                }
            } catch {
                problems.append(.error("cannot keep '\(path)' from the publish folder: \(error.localizedDescription)", file: path, stage: .write))
            }
        }
        return problems
    }

    /// Stops the process at `point` when a debug build's test asked for it; nothing in release.
    private static func crash(at point: String, _ options: PublishOptions) {
        #if DEBUG
        guard options.crashPoint == point else { return }
        kill(getpid(), SIGKILL)
        #endif
    }
}

/// An exclusive `flock` on the folder that holds the publish folder, so two publishes into one
/// folder cannot interleave; released by `release()` or when the process ends.
struct PublishLock {
    private let descriptor: Int32

    /// `nil` when another process holds the lock.
    init?(folder: URL) {
        let parent = folder.standardizedFileURL.deletingLastPathComponent()
        let descriptor = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            self.descriptor = -1
            return  // no parent folder yet: nothing to race on before the publish creates it
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

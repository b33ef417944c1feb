import Foundation

/// How to build a site.
public struct BuildOptions: Sendable {
    /// The site folder holding `site.json`, `content/` and optionally `themes/`.
    public var root: URL
    /// Overrides `outputDir` from `site.json`.
    public var output: URL?
    /// Warnings count as errors.
    public var strict = false
    public var includeDrafts = false
    public var environment = BuildEnvironment.live

    public init(root: URL, output: URL? = nil, strict: Bool = false, includeDrafts: Bool = false) {
        self.root = root
        self.output = output
        self.strict = strict
        self.includeDrafts = includeDrafts
    }
}

/// What a build is for. Each command runs the same chain in one of these modes, and the mode
/// decides the rest: `check` stops after the checks and writes nothing; `build` lays out and
/// writes; `publish` also fingerprints theme files and adds the host files (sitemap,
/// robots.txt, .nojekyll); `preview` (`cairn watch`) rebuilds the search index off the
/// rebuild's path and highlights placeholders on the pages.
public enum BuildMode: String, Sendable, CaseIterable {
    case check, build, publish, preview
}

/// What a build may ask of the world, as values, so tests can pin them.
public struct BuildEnvironment: Sendable {
    /// "Today", for overdue reviews.
    public var today: Date
    /// Read last-commit dates from git when the site is in a work tree.
    public var readGitHistory: Bool

    public init(today: Date = Date(), readGitHistory: Bool = true) {
        self.today = today
        self.readGitHistory = readGitHistory
    }

    public static var live: BuildEnvironment { BuildEnvironment() }
}

/// What a build did.
public struct BuildReport: Sendable {
    /// Every problem, sorted by file and line; with `strict`, warnings are errors.
    public var diagnostics: [Diagnostic]
    public var pageCount: Int
    /// Finished files (pages, assets, theme files, search index). ``SiteBuilder/build(_:)``
    /// writes the pages while it lays them out, and the search index as soon as it is made, and
    /// leaves both out of this list.
    public var files: [OutputFile]
    /// Where the site was written, when it was.
    public var outputURL: URL?
    public var config: SiteConfig
    /// Placeholders, tables of contents, statuses, backlinks and health rows.
    public var checks: DocumentChecks?
    /// Wall time of each stage, in order.
    public var timings: [(stage: String, seconds: Double)]

    public var elapsed: Double { timings.reduce(0) { $0 + $1.seconds } }
    public var succeeded: Bool { diagnostics.errorCount == 0 }
}

/// The build pipeline as one readable chain: load → index → render → check links → layout →
/// write. Each stage is a function of the previous stages' values; only load and write touch disk.
public enum SiteBuilder {
    /// Runs every stage the `mode` asks for (``BuildMode``), writing nothing. `config` is
    /// `site.json` as the caller already read it
    /// (read here when `nil`); `adjust` changes it before anything uses it (publish's
    /// `--base-url` and strict links).
    public static func render(
        root: URL, mode: BuildMode = .build, includeDrafts: Bool = false, strict: Bool = false,
        environment: BuildEnvironment = .live, config loadedConfig: (SiteConfig, [Diagnostic])? = nil,
        adjust: (inout SiteConfig) -> Void = { _ in }, pageStream: OutputFolder.Stream? = nil
    ) -> BuildReport {
        var (adjusted, configProblems) = loadedConfig ?? LoadContent.loadConfig(root: root)
        adjust(&adjusted)
        var options = SiteSession.Options(mode: mode, includeDrafts: includeDrafts, strict: strict, environment: environment)
        options.pageStream = pageStream
        let session = SiteSession(root: root, options: options, config: (adjusted, configProblems))
        return session.report
    }

    /// Builds the site into its output folder (`outputDir`, or `options.output`).
    public static func build(_ options: BuildOptions) -> BuildReport {
        let root = options.root.standardizedFileURL
        let (config, configProblems) = LoadContent.loadConfig(root: root)
        let outputURL = options.output ?? root.appendingPathComponent(config.outputDir, isDirectory: true)
        let (folder, claimProblems) = OutputFolder.claim(
            outputURL, root: root, contentDir: config.contentDir,
            settingName: options.output == nil ? "outputDir" : "--output")
        guard let folder else {
            return BuildReport(
                diagnostics: (configProblems + claimProblems).promoted(strict: options.strict).sortedForDisplay(),
                pageCount: 0, files: [], outputURL: nil, config: config, checks: nil, timings: [])
        }
        // Pages go to disk as they are laid out; the other files after the build.
        let sink = DiskSink(folder: folder.url)
        let stream = OutputFolder.Stream(folder: folder, sink: sink)
        var report = render(
            root: root, includeDrafts: options.includeDrafts, strict: options.strict, environment: options.environment,
            config: (config, configProblems), pageStream: stream)
        var timer = StageTimer()
        let (_, writeProblems) = timer.measure("write") { folder.write(report.files, sink: sink, streamed: stream) }
        report.timings += timer.timings
        report.diagnostics = (report.diagnostics + writeProblems).sortedForDisplay()
        report.outputURL = folder.url
        return report
    }
}

/// Times named stages with the monotonic clock.
struct StageTimer {
    private(set) var timings: [(stage: String, seconds: Double)] = []

    mutating func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            timings.append((stage, (clock.now - start).inSeconds))
        }
        return try body()
    }

    /// Records a stage that started at `start` on `clock` and ends now.
    mutating func record(_ stage: String, since start: ContinuousClock.Instant, clock: ContinuousClock) {
        timings.append((stage, (clock.now - start).inSeconds))
    }
}

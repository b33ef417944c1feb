import Foundation

/// `cairn new PATH`: one page from a template, with today's date and, for decision records,
/// the next number in the folder.
public enum NewPage {
    public enum Template: String, Sendable, CaseIterable {
        /// An architecture decision record: numbered, dated, Proposed.
        case adr
        /// An operations runbook with the overview's companion sections.
        case runbook
        /// The project-overview template, its "Last Updated" set to today.
        case overview
        /// A title and nothing else.
        case page
    }

    /// Folder names whose pages are decision records when no template is given.
    static let decisionFolders: Set<String> = ["adr", "adrs", "decisions", "decision-records"]

    /// Why a page cannot be created, as the diagnostic to print.
    public struct Refusal: Error, Equatable {
        public var diagnostic: Diagnostic
    }

    public struct Plan: Sendable, Equatable {
        public var template: Template
        /// The page, relative to the content folder (`adr/0003-use-kafka.md`).
        public var file: ScaffoldFile
    }

    /// The page to write for `requested` (relative to the content folder, or starting with the
    /// content folder's own name), or the problem with it. `existing` lists a folder's file names
    /// (for ADR numbering); `nil` when the folder does not exist.
    public static func plan(
        _ requested: String, contentDir: String, template explicitTemplate: Template?, title explicitTitle: String?,
        date: String, existing: (String) -> [String]?
    ) -> Result<Plan, Refusal> {
        var path = requested
        while path.hasPrefix("./") { path.removeFirst(2) }
        let contentPrefix = contentDir.split(separator: "/").joined(separator: "/") + "/"
        if path.hasPrefix(contentPrefix) { path.removeFirst(contentPrefix.count) }
        if let problem = SafePaths.relativePathProblem(path) {
            return .failure(Refusal(diagnostic: .error("cannot create '\(requested)': \(problem)", hint: "give a path inside the content folder, such as adr/use-kafka.md", stage: .write)))
        }
        let parts = path.split(separator: "/").map(String.init)
        if let hidden = parts.first(where: IgnoredFiles.isIgnored) {
            return .failure(Refusal(diagnostic: .error("cannot create '\(requested)': '\(hidden)' is hidden or ignored, so the page would never be built", stage: .write)))
        }
        var name = parts.last ?? path
        let lowerName = name.lowercased()
        if !lowerName.hasSuffix(".md") && !lowerName.hasSuffix(".markdown") { name += ".md" }
        let folder = parts.dropLast().joined(separator: "/")
        let template = explicitTemplate ?? (parts.dropLast().contains { decisionFolders.contains($0.lowercased()) } ? .adr : .page)

        var number = ""
        if template == .adr {
            if let given = numberPrefix(name)?.number {
                number = given
            } else {
                let taken = (existing(folder) ?? []).compactMap { numberPrefix($0) }
                let next = (taken.compactMap { Int($0.number) }.max() ?? 0) + 1
                let width = max(4, taken.map { $0.number.count }.max() ?? 4)
                number = String(repeating: "0", count: max(0, width - String(next).count)) + String(next)
                name = number + "-" + name
            }
        }
        let stem = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
        let words = numberPrefix(stem).map { String(stem.dropFirst($0.number.count + 1)) } ?? stem
        let title = explicitTitle ?? SiteScaffold.title(fromName: words)
        let values = SiteScaffold.Values(title: title, date: date, number: number)
        let relative = folder.isEmpty ? name : folder + "/" + name
        let contents: String
        switch template {
        case .overview:
            let text = (EmbeddedTemplates.files["overview/content/overview.md"] ?? "") + "\n"
            contents = text.replacingOccurrences(of: "**Last Updated:** [Date]", with: "**Last Updated:** \(date)")
        case .adr, .runbook, .page:
            contents = SiteScaffold.fill(
                (EmbeddedTemplates.files["pages/\(template.rawValue).md"] ?? "") + "\n", path: relative, values: values)
        }
        return .success(Plan(template: template, file: ScaffoldFile(path: relative, contents: contents)))
    }

    /// `("0003", "use-kafka.md")` for `0003-use-kafka.md`: the leading digits before a dash.
    static func numberPrefix(_ name: String) -> (number: String, rest: String)? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropFirst(digits.count).first == "-" else { return nil }
        return (String(digits), String(name.dropFirst(digits.count + 1)))
    }

    public struct Report: Sendable, Equatable {
        /// The page written, relative to the site folder.
        public var created: String?
        public var template: Template?
        public var diagnostics: [Diagnostic]
    }

    /// Plans and writes the page in the site at `root`; never replaces a file.
    public static func run(
        _ requested: String, root: URL, template: Template?, title: String?, date: String
    ) -> Report {
        let (config, configDiagnostics) = LoadContent.loadConfig(root: root)
        if configDiagnostics.errorCount > 0 {
            return Report(created: nil, template: nil, diagnostics: configDiagnostics)
        }
        let hasConfig = FileManager.default.fileExists(atPath: root.appendingPathComponent(SiteConfig.fileName).path)
        let content: URL
        switch SafePaths.configuredFolder(config.contentDir, root: root, setting: "contentDir") {
        case .failure(let problem):
            return Report(created: nil, template: nil, diagnostics: [problem.diagnostic])
        case .success(let folder):
            content = folder
        }
        if !hasConfig && SafePaths.linkType(content.path) != S_IFDIR {
            return Report(created: nil, template: nil, diagnostics: [.error(
                "no site here: neither site.json nor a content folder", file: root.path,
                hint: "run 'cairn init' first, or pass the site folder with --root", stage: .write)])
        }
        let planned = plan(
            requested, contentDir: config.contentDir, template: template, title: title, date: date,
            existing: { folder in
                try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent(folder).path)
            })
        let page: Plan
        switch planned {
        case .success(let plan): page = plan
        case .failure(let refusal): return Report(created: nil, template: nil, diagnostics: [refusal.diagnostic])
        }
        if !FileManager.default.fileExists(atPath: content.path) {
            try? FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        }
        let contentPrefix = config.contentDir.split(separator: "/").joined(separator: "/") + "/"
        let result = ScaffoldWriter.write([page.file], into: content, displayPrefix: contentPrefix)
        if result.created.first != nil {
            return Report(created: contentPrefix + page.file.path, template: page.template, diagnostics: [])
        }
        if result.kept.first != nil {
            return Report(created: nil, template: page.template, diagnostics: [.error(
                "already exists; nothing was written", file: contentPrefix + page.file.path,
                hint: "Cairn never overwrites a file: choose another name", stage: .write)])
        }
        return Report(created: nil, template: page.template, diagnostics: result.problems)
    }
}

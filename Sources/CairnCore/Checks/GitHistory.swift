import Foundation

/// When each content file last changed, from one `git log` pass over the content folder (not one
/// process per file). Outside a git work tree, or without git, there are no dates: Cairn never
/// falls back to file modification times, which a checkout resets.
public enum GitHistory {
    /// Content-relative path → date of its last commit (`YYYY-MM-DD`, committer date).
    public static func lastCommitDates(root: URL, contentDir: String) -> [String: String] {
        // Outside a work tree `git log` fails, and that is the answer too: no dates.
        guard let git = findGit(),
              let log = run(git, ["-C", root.path, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", contentDir])
        else { return [:] }
        var dates: [String: String] = [:]
        var current: String?
        let prefix = contentDir + "/"
        for line in log.split(separator: "\n") {
            if line.hasPrefix("\0") {
                current = String(line.dropFirst())
            } else if let date = current, line.hasPrefix(prefix) {
                // Paths are as git quotes them only for unusual bytes; those files simply get no date.
                let path = String(line.dropFirst(prefix.count)).precomposedStringWithCanonicalMapping
                if dates[path] == nil { dates[path] = date }  // newest commit comes first
            }
        }
        return dates
    }

    static func findGit() -> URL? {
        ExecutableSearch.find("git")
    }

    /// Standard output of `git arguments`, or `nil` when it fails.
    private static func run(_ git: URL, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = git
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

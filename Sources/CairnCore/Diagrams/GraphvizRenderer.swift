import Foundation
import Synchronization

/// Renders Graphviz sources to SVG with the `dot` program: run with an argument list (never a
/// shell), fed on standard input, killed after a timeout. Results are cached by the SHA-256 of
/// the source, in memory and under `.cairn-cache/graphviz/` in the site, so rebuilds do not run
/// `dot` again. A timeout or an error is cached too, so a slow fence costs its timeout once.
///
/// The cache folder is in the user's tree, where anyone can commit a file: an entry is used only
/// when its record (`<key>.json`) holds the SHA-256 of the SVG beside it, and every SVG, fresh or
/// cached, goes through ``SVGSanitizer`` before it reaches a page. `dot` must be installed for
/// the cache to be read at all.
public final class GraphvizRenderer: Sendable {
    public enum Failure: Error, Equatable {
        case notInstalled
        case failed(String)
        case timedOut(Double)
    }

    let executable: URL?
    let cacheFolder: URL?
    let timeout: Double
    /// `cairn check` reads the cache but never writes it.
    let writesCache: Bool
    private let memory = Mutex<[String: Result<String, Failure>]>([:])
    /// How many times `dot` actually ran (tests read it to prove the cache works).
    public let runs = Atomic<Int>(0)

    public init(executable: URL? = GraphvizRenderer.findDot(), cacheFolder: URL?, timeout: Double, writesCache: Bool = true) {
        self.executable = executable
        self.cacheFolder = cacheFolder
        self.timeout = timeout
        self.writesCache = writesCache
    }

    /// `dot` on `PATH`, if there is one.
    public static func findDot() -> URL? {
        ExecutableSearch.find("dot")
    }

    /// What `<key>.json` in the cache folder records about one source.
    struct CacheRecord: Codable {
        /// `ok`, `failed` or `timeout`.
        var status: String
        /// SHA-256 of `<key>.svg` when `status` is `ok`.
        var sha256: String?
        var message: String?
        /// The timeout that ran out (a larger timeout tries again).
        var seconds: Double?
    }

    /// The `<svg>` element for `source`, sanitized.
    public func svg(for source: String) -> Result<String, Failure> {
        output(for: source, format: .svg)
    }

    /// `dot -Tjson0` for `source`: the layout (positions, splines, cluster boxes, without
    /// Graphviz's own drawing operations) Cairn draws Mermaid diagrams from. Cached like SVG,
    /// under its own key.
    func layoutJSON(for source: String) -> Result<String, Failure> {
        output(for: source, format: .json)
    }

    enum Format: String {
        case svg
        case json = "json0"
    }

    private static func key(_ source: String, format: Format) -> String {
        ContentHash.sha256(Data(((format == .svg ? "" : "json0\n") + source).utf8))
    }

    /// Makes the layouts of `sources` ready for ``layoutJSON(for:)``, in parallel: those cached
    /// on disk are read into memory, the others laid out. One `dot` process per graph, never a
    /// batch of graphs in one run: dot carries state from one graph to the next (measured: a
    /// label placed a pixel higher depending on the graphs before it), and a page must come out
    /// the same whatever else the build laid out.
    func prefetchLayouts(_ sources: [String]) {
        guard executable != nil, !sources.isEmpty else { return }
        var seen = Set<String>()
        let wanted = sources.filter { seen.insert(Self.key($0, format: .json)).inserted }
        _ = Parallel.map(wanted) { self.layoutJSON(for: $0) }
    }

    private func output(for source: String, format: Format) -> Result<String, Failure> {
        guard let executable else { return .failure(.notInstalled) }
        let key = Self.key(source, format: format)
        if let cached = memory.withLock({ $0[key] }) { return cached }
        if let cached = readCache(key, format: format) {
            memory.withLock { $0[key] = cached }
            return cached
        }
        var result = run(executable, source, format: format)
        if format == .svg { result = result.map(SVGSanitizer.sanitize) }
        memory.withLock { $0[key] = result }
        writeCache(key, result, format: format)
        return result
    }

    private func readCache(_ key: String, format: Format) -> Result<String, Failure>? {
        guard let cacheFolder,
              let data = try? Data(contentsOf: cacheFolder.appendingPathComponent("\(key).json")),
              let record = try? JSONDecoder().decode(CacheRecord.self, from: data) else { return nil }
        switch record.status {
        case "ok":
            guard let expected = record.sha256,
                  let saved = try? Data(contentsOf: cacheFolder.appendingPathComponent("\(key).\(format.fileExtension)")),
                  ContentHash.sha256(saved) == expected else { return nil }
            let text = String(decoding: saved, as: UTF8.self)
            return .success(format == .svg ? SVGSanitizer.sanitize(text) : text)
        case "failed":
            return .failure(.failed(String((record.message ?? "dot failed").prefix(2_000))))
        case "timeout":
            guard let seconds = record.seconds, seconds >= timeout else { return nil }
            return .failure(.timedOut(seconds))
        default:
            return nil
        }
    }

    private func writeCache(_ key: String, _ result: Result<String, Failure>, format: Format) {
        guard writesCache, let cacheFolder else { return }
        let record: CacheRecord
        switch result {
        case .success(let svg):
            let data = Data(svg.utf8)
            record = CacheRecord(status: "ok", sha256: ContentHash.sha256(data))
            guard write(data, to: cacheFolder.appendingPathComponent("\(key).\(format.fileExtension)"), in: cacheFolder) else { return }
        case .failure(.failed(let message)):
            record = CacheRecord(status: "failed", message: message)
        case .failure(.timedOut(let seconds)):
            record = CacheRecord(status: "timeout", seconds: seconds)
        case .failure(.notInstalled):
            return
        }
        if let data = try? JSONEncoder().encode(record) {
            _ = write(data, to: cacheFolder.appendingPathComponent("\(key).json"), in: cacheFolder)
        }
    }

    /// Writes a cache file atomically (a new file renamed into place, so a symlink planted at
    /// its name is replaced, never written through), only into a real folder inside the site.
    private func write(_ data: Data, to file: URL, in folder: URL) -> Bool {
        // Checked before the folder is made: creating it through a planted symlink would already
        // write outside the site.
        guard !SafePaths.isSymlink(folder.deletingLastPathComponent().path), !SafePaths.isSymlink(folder.path) else { return false }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try? data.write(to: file, options: .atomic)) != nil
    }

    private func run(_ executable: URL, _ source: String, format: Format) -> Result<String, Failure> {
        runs.add(1, ordering: .relaxed)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-T\(format.rawValue)"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(.failed("cannot start dot: \(error.localizedDescription)"))
        }
        // Read both pipes while dot runs so a large SVG cannot fill a pipe and block it.
        let collected = Mutex<(Data, Data)>((Data(), Data()))
        let group = DispatchGroup()
        for (handle, isError) in [(output.fileHandleForReading, false), (errors.fileHandleForReading, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                collected.withLock { if isError { $0.1 = data } else { $0.0 = data } }
                group.leave()
            }
        }
        input.fileHandleForWriting.write(Data(source.utf8))
        try? input.fileHandleForWriting.close()
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            group.wait()
            process.waitUntilExit()
            return .failure(.timedOut(timeout))
        }
        process.waitUntilExit()
        let (out, err) = collected.withLock { $0 }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(.failed(message.isEmpty ? "dot exited with status \(process.terminationStatus)" : message))
        }
        let text = String(decoding: out, as: UTF8.self)
        if format == .json { return .success(text) }
        // dot writes an XML prolog, a doctype and comments before the <svg> element.
        guard let start = text.range(of: "<svg") else { return .failure(.failed("dot wrote no SVG")) }
        return .success(String(text[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension GraphvizRenderer.Format {
    /// The cached output's file extension (`json` would clash with the records).
    var fileExtension: String { self == .svg ? "svg" : "layout" }
}

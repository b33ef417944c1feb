import Foundation
import Synchronization

/// Renders Graphviz sources to SVG with the `dot` program: run with an argument list (never a
/// shell), fed on standard input, killed after a timeout. Results are cached by the SHA-256 of
/// the source, in memory and under `.cairn-cache/graphviz/` in the site, so rebuilds do not run
/// `dot` again.
public final class GraphvizRenderer: Sendable {
    public enum Failure: Error, Equatable {
        case notInstalled
        case failed(String)
        case timedOut(Double)
    }

    let executable: URL?
    let cacheFolder: URL?
    let timeout: Double
    private let memory = Mutex<[String: String]>([:])
    /// How many times `dot` actually ran (tests read it to prove the cache works).
    public let runs = Atomic<Int>(0)

    public init(executable: URL? = GraphvizRenderer.findDot(), cacheFolder: URL?, timeout: Double) {
        self.executable = executable
        self.cacheFolder = cacheFolder
        self.timeout = timeout
    }

    /// `dot` on `PATH`, if there is one.
    public static func findDot() -> URL? {
        ExecutableSearch.find("dot")
    }

    /// The `<svg>` element for `source`.
    public func svg(for source: String) -> Result<String, Failure> {
        let key = ContentHash.sha256(Data(source.utf8))
        if let cached = memory.withLock({ $0[key] }) { return .success(cached) }
        let cacheFile = cacheFolder?.appendingPathComponent("\(key).svg")
        if let cacheFile, let data = try? Data(contentsOf: cacheFile) {
            let svg = String(decoding: data, as: UTF8.self)
            memory.withLock { $0[key] = svg }
            return .success(svg)
        }
        guard let executable else { return .failure(.notInstalled) }
        let result = run(executable, source)
        if case .success(let svg) = result {
            memory.withLock { $0[key] = svg }
            if let cacheFolder, let cacheFile {
                try? FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
                try? Data(svg.utf8).write(to: cacheFile, options: .atomic)
            }
        }
        return result
    }

    private func run(_ executable: URL, _ source: String) -> Result<String, Failure> {
        runs.add(1, ordering: .relaxed)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-Tsvg"]
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
        // dot writes an XML prolog, a doctype and comments before the <svg> element.
        guard let start = text.range(of: "<svg") else { return .failure(.failed("dot wrote no SVG")) }
        return .success(String(text[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

import Foundation
import Testing

/// `cairn watch` as a user runs it: the binary, a site folder, signals.
@Suite("cairn watch command", .serialized)
struct WatchCommandTests {
    static var binary: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("cairn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// A running `cairn watch` with its output collected as it comes.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var out = ""
        private var err = ""

        init(_ arguments: [String]) throws {
            guard let binary = WatchCommandTests.binary else {
                Issue.record("the cairn binary is built next to the test runner")
                throw POSIXError(.ENOENT)
            }
            process.executableURL = binary
            process.arguments = ["watch"] + arguments
            let outPipe = Pipe(), errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                self?.lock.withLock { self?.out += text }
            }
            errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                self?.lock.withLock { self?.err += text }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { out } }
        var stderr: String { lock.withLock { err } }

        /// Waits up to `seconds` for `condition` on standard output and error.
        func wait(seconds: Double = 20, for condition: (String, String) -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(stdout, stderr) { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition(stdout, stderr)
        }

        /// Sends `signal` and returns the exit status.
        func stop(_ signal: Int32 = SIGINT) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Holds a listening socket on a free port.
    static func occupyPort() throws -> (fd: Int32, port: Int) {
        let fd = RawSocket.tcp()
        var address = RawSocket.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("a busy port is reported and the next free one taken; Ctrl-C exits 0")
    func busyPortAndInterrupt() async throws {
        let site = try WatchedSite()
        let (fd, port) = try Self.occupyPort()
        defer { close(fd) }
        let watch = try Running([site.root.path, "--port", String(port)])
        #expect(try await watch.wait { out, _ in out.contains("Serving http://127.0.0.1:") })
        #expect(watch.stderr.contains("Port \(port) is in use; using"))
        #expect(watch.stdout.contains("Built 4 pages"))
        let served = watch.stdout.split(separator: "\n").first { $0.hasPrefix("Serving") }.map(String.init) ?? ""
        let bound = Int(served.split(separator: ":").last?.split(separator: "/").first ?? "") ?? 0
        #expect(bound > port)
        let answer = HTTPAnswer(try await RawHTTP.exchange(
            port: bound, Data("GET /ops/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), limit: 1_000_000, wait: 2))
        #expect(answer.status == 200)

        // A save is one terminal line naming the file.
        try site.write("content/ops.md", "# Operations\n\nEdited.\n")
        #expect(try await watch.wait { out, _ in out.contains("Rebuilt 1 page in") && out.contains("(content/ops.md)") })
        #expect(watch.stop(SIGINT) == 0)
    }

    @Test("--no-server keeps the output folder rebuilt on disk")
    func noServer() async throws {
        let site = try WatchedSite()
        let watch = try Running([site.root.path, "--no-server"])
        let page = site.url("_site/ops/index.html")
        #expect(try await watch.wait { out, _ in out.contains("Watching") })
        #expect(FileManager.default.fileExists(atPath: page.path))
        try site.write("content/ops.md", "# Operations\n\nWritten to disk.\n")
        #expect(try await watch.wait { _, _ in
            (try? String(contentsOf: page, encoding: .utf8))?.contains("Written to disk.") == true
        })
        #expect(watch.stop(SIGTERM) == 0)
    }

    @Test("--host 0.0.0.0 warns that the network can read the preview (RELIABILITY 4)")
    func everyInterface() async throws {
        let site = try WatchedSite()
        let watch = try Running([site.root.path, "--host", "0.0.0.0", "--port", "0"])
        #expect(try await watch.wait { out, err in out.contains("Serving") && err.contains("warning: listening on 0.0.0.0") })
        #expect(watch.stop() == 0)
    }
}

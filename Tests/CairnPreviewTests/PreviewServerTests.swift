import CairnCore
import Foundation
import Testing
@testable import CairnPreview

/// A preview of a small built site, served by the real server on an ephemeral port.
final class RunningPreview: Sendable {
    let state = PreviewState()
    let port: Int
    private let task: Task<Void, any Error>

    init(files: [String: String]) async throws {
        let state = self.state
        let outputs = files.map { OutputFile(path: $0.key, contents: .data(Data($0.value.utf8))) }
        state.publish(event: .reload) { $0.apply(files: outputs, changed: Set(files.keys), removed: []) }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        task = Task {
            try await PreviewServer(state: state, host: "127.0.0.1", port: 0).run { port in continuation.yield(port) }
        }
        var iterator = stream.makeAsyncIterator()
        port = await iterator.next() ?? 0
    }

    deinit { task.cancel() }

    /// Sends `request` as raw bytes and returns the raw answer (up to `limit` bytes or the
    /// server closing the connection or going quiet).
    func send(_ request: String, limit: Int = 1_000_000, wait: Double = 2) async throws -> String {
        try await RawHTTP.exchange(port: port, Data(request.utf8), limit: limit, wait: wait)
    }

    /// One `Connection: close` request. The server closes after answering, so the long quiet
    /// limit only matters on a loaded machine (with 2 s, the full suite on two cores now and then
    /// read nothing and saw status 0).
    func get(_ target: String, headers: [String] = []) async throws -> HTTPAnswer {
        let head = (["GET \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"] + headers).joined(separator: "\r\n")
        return HTTPAnswer(try await send(head + "\r\n\r\n", wait: 15))
    }
}

/// A parsed raw HTTP answer.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var body: String

    init(_ raw: String) {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let lines = head.components(separatedBy: "\r\n")
        status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        headers = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }
}

/// Plain sockets, so request targets reach the server exactly as written (URLSession would
/// normalise `..` and percent-encoding).
enum RawHTTP {
    /// Blocking socket calls run on a Dispatch thread: the server's handlers need the
    /// concurrency pool, which blocked test code would starve.
    static func exchange(port: Int, _ request: Data, limit: Int, wait: Double) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(port: port, request, limit: limit, wait: wait) })
            }
        }
    }

    static func blockingExchange(port: Int, _ request: Data, limit: Int, wait: Double) throws -> String {
        let fd = try RawSocket.open(port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(wait), tv_usec: .init((wait - Double(Int(wait))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < limit {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }
}

@Suite("Preview server", .serialized)
struct PreviewServerTests {
    static let page = "<!doctype html><html><head><title>Ops</title></head><body><h1>Operations</h1></body></html>"
    static let files = [
        "index.html": "<!doctype html><html><body><h1>Home</h1></body></html>",
        "ops/index.html": page,
        "я/index.html": "<!doctype html><html><body><h1>Ya</h1></body></html>",
        "no-body/index.html": "<h1>A page without a body tag</h1>",
        "404.html": "<!doctype html><html><body><h1>Page not found</h1></body></html>",
        "_cairn/style.css": "body { color: black }",
        "images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    ]

    @Test("traversal strings sent raw never leave the build (RELIABILITY 1, 2)")
    func traversal() async throws {
        let preview = try await RunningPreview(files: Self.files)
        let targets = [
            "/../../etc/passwd", "/%2e%2e/", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f", "/..%2f..%2fetc%2fpasswd",
            "/%252e%252e%252f", "/..\\..\\", "/..\\..\\etc\\passwd", "/%00", "/index.html%00.css",
            "/a/..%2f..%2fsite.json", "/..%2f_site-leak/secret.txt", "/./../", "//etc/passwd", "/%2F..%2F..%2Fetc%2Fpasswd",
        ]
        for target in targets {
            let answer = try await preview.get(target)
            #expect([400, 404].contains(answer.status), "\(target) → \(answer.status)")
            #expect(!answer.body.contains("root:"), "\(target)")
        }
        #expect(try await preview.get("/").status == 200)
    }

    @Test("pages, folders, content types, UTF-8 paths, HEAD and redirects (RELIABILITY 6)")
    func serving() async throws {
        let preview = try await RunningPreview(files: Self.files)
        let ops = try await preview.get("/ops/")
        #expect(ops.status == 200)
        #expect(ops.headers["content-type"] == "text/html; charset=utf-8")
        #expect(ops.body.contains("<h1>Operations</h1>"))
        #expect(try await preview.get("/_cairn/style.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(try await preview.get("/images/logo.svg").headers["content-type"] == "image/svg+xml")
        // Browsers send non-ASCII paths percent-encoded. Raw UTF-8 in the request line is refused
        // by SwiftNIO's HTTP parser (llhttp) with a 400 before Cairn sees it; the server stays up.
        #expect(try await preview.get("/%D1%8F/").status == 200)
        #expect(try await preview.get("/%d1%8f/").status == 200)
        #expect(try await preview.get("/я/").status == 400)
        let redirect = try await preview.get("/ops?x=1")
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/ops/?x=1")

        let head = HTTPAnswer(try await preview.send("HEAD /ops/ HTTP/1.1\r\nHost: localhost:\(preview.port)\r\nConnection: close\r\n\r\n"))
        #expect(head.status == 200)
        #expect(Int(head.headers["content-length"] ?? "") == ops.body.utf8.count)
        #expect(head.body.isEmpty)

        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let answer = HTTPAnswer(try await preview.send(
                "\(method) /ops/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"))
            #expect(answer.status == 405, "\(method)")
        }
        #expect(try await preview.get("/bad%zzpercent").status == 400)
        let long = try await preview.get("/" + String(repeating: "a", count: 65536))
        #expect(long.status == 414)
        let manyHeaders = (0..<200).map { "X-Header-\($0): \($0)" }
        #expect(try await preview.get("/ops/", headers: manyHeaders).status == 200)
        #expect(try await preview.get("/").status == 200)
    }

    @Test("ETags give 304; unknown paths get the site's 404 page")
    func cachingAndNotFound() async throws {
        let preview = try await RunningPreview(files: Self.files)
        let first = try await preview.get("/ops/")
        let etag = try #require(first.headers["etag"])
        let again = try await preview.get("/ops/", headers: ["If-None-Match: \(etag)"])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        // A new build of the page changes its ETag.
        preview.state.publish(event: .reload) { snapshot in
            snapshot.apply(files: [OutputFile(path: "ops/index.html", contents: .data(Data("<p>new</p>".utf8)))],
                           changed: ["ops/index.html"], removed: [])
        }
        let changed = try await preview.get("/ops/", headers: ["If-None-Match: \(etag)"])
        #expect(changed.status == 200)
        #expect(changed.body.contains("<p>new</p>"))

        let missing = try await preview.get("/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found"))
        #expect(missing.body.contains("data-cairn-live-reload"))
    }

    @Test("requests for another host name are refused; IP addresses and localhost pass (RELIABILITY 5)")
    func hostCheck() async throws {
        let preview = try await RunningPreview(files: Self.files)
        for host in ["evil.example", "evil.example:\(preview.port)", "127.0.0.1.evil.example", "localhost.evil.example", ""] {
            let answer = HTTPAnswer(try await preview.send("GET /ops/ HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"))
            #expect(answer.status == 403 || answer.status == 400, "\(host) → \(answer.status)")
            #expect(!answer.body.contains("Operations"))
        }
        for host in ["localhost:\(preview.port)", "127.0.0.1", "[::1]:\(preview.port)", "docs.localhost:\(preview.port)"] {
            let answer = HTTPAnswer(try await preview.send("GET /ops/ HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"))
            #expect(answer.status == 200, "\(host) → \(answer.status)")
        }
    }

    @Test("the event stream refuses foreign origins and sends reload after a build")
    func events() async throws {
        let preview = try await RunningPreview(files: Self.files)
        let foreign = try await preview.get("/_cairn/events", headers: ["Origin: http://evil.example"])
        #expect(foreign.status == 403)
        let wrongPort = try await preview.get("/_cairn/events", headers: ["Origin: http://127.0.0.1:1"])
        #expect(wrongPort.status == 403)

        // A same-origin client gets hello at once, then reload when a build is published.
        let port = preview.port
        let reader = Task.detached {
            try await RawHTTP.exchange(
                port: port,
                Data("GET /_cairn/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\n\r\n".utf8),
                limit: 100_000, wait: 1.5)
        }
        try await Task.sleep(for: .milliseconds(500))
        preview.state.publish(event: .reload) { $0.advance() }
        let stream = try await reader.value
        #expect(stream.contains("HTTP/1.1 200"))
        #expect(stream.contains("text/event-stream"))
        #expect(stream.contains("event: hello"))
        #expect(stream.contains("event: reload"))
    }

    @Test("10,000 random request targets and headers: every one answered, the server stays up (RELIABILITY 3)")
    func randomRequests() async throws {
        let preview = try await RunningPreview(files: Self.files)
        var generator = SplitMix(seed: 20261128)
        let alphabet = Array("abc/.%2eE5cf0\\?#&=+ \u{7f}~:;@!$'()*,[]\"<>^`{|}я😀".unicodeScalars)
        var answered = 0
        let count = 10_000
        for number in 0..<count {
            var target = "/"
            for _ in 0..<Int(generator.next() % 40) {
                target.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            let header = "X-Random-\(number): " + String(repeating: "v", count: Int(generator.next() % 100))
            // Many requests on one connection keep this fast; each answer is counted.
            let raw = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(header)\r\nConnection: close\r\n\r\n"
            let answer = HTTPAnswer(try await preview.send(raw, limit: 256, wait: 2))
            if (200..<500).contains(answer.status) { answered += 1 }
            if number % 1000 == 0 { #expect(try await preview.get("/").status == 200) }
        }
        #expect(answered == count)
        #expect(try await preview.get("/").status == 200)
    }
}

extension PreviewServerTests {
    @Test("a path starting with // redirects on this host, never to another one (RELIABILITY 49)")
    func noOpenRedirect() async throws {
        var files = Self.files
        files["evil.example/index.html"] = "<h1>A page named like a host</h1>"
        let preview = try await RunningPreview(files: files)
        for target in ["//evil.example", "///evil.example", "//evil.example?x=1"] {
            let answer = try await preview.get(target)
            let location = answer.headers["location"] ?? ""
            #expect(answer.status == 301 || answer.status == 404, "\(target) → \(answer.status)")
            #expect(!location.hasPrefix("//") && !location.contains("://"), "\(target) → Location: \(location)")
            if answer.status == 301 { #expect(location.hasPrefix("/evil.example/"), "\(location)") }
        }
    }

    @Test("idle and slow (slowloris) connections are closed after the idle timeout (RELIABILITY 49)")
    func idleConnectionsTimeOut() async throws {
        let preview = try await RunningPreview(files: Self.files)
        let idle = try RawSocket.open(port: preview.port)
        let slow = try RawSocket.open(port: preview.port)
        // A burst of idle connections is let go as well: nothing accumulates.
        var burst: [Int32] = []
        for _ in 0..<300 { burst.append(try RawSocket.open(port: preview.port)) }
        defer { for fd in [idle, slow] + burst { close(fd) } }
        RawSocket.write(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let clock = ContinuousClock()
        let start = clock.now
        var closed: Set<Int32> = []
        let all = [idle, slow] + burst
        while closed.count < all.count, clock.now - start < .seconds(40) {
            try await Task.sleep(for: .seconds(1))
            if !closed.contains(slow) { RawSocket.write(slow, "X-Slow: \(Int.random(in: 0...9))\r\n") }  // never the end
            for fd in all where !closed.contains(fd) && RawSocket.isClosed(fd) { closed.insert(fd) }
        }
        #expect(closed.contains(idle) && closed.contains(slow), "still open after \(clock.now - start)")
        #expect(closed.count == all.count, "\(all.count - closed.count) of the burst still open after \(clock.now - start)")
        #expect(try await preview.get("/").status == 200)
    }

    @Test("soak: 200 idle connections and 100 live-reload clients over 200 builds; GET / stays fast; clients that leave are dropped (RELIABILITY 8)")
    func soak() async throws {
        let preview = try await RunningPreview(files: Self.files)
        var idle: [Int32] = []
        var clients: [Int32] = []
        defer { for fd in idle + clients { close(fd) } }
        for _ in 0..<200 { idle.append(try RawSocket.open(port: preview.port)) }
        for _ in 0..<100 {
            let fd = try RawSocket.open(port: preview.port)
            RawSocket.write(fd, "GET /_cairn/events HTTP/1.1\r\nHost: 127.0.0.1:\(preview.port)\r\n\r\n")
            clients.append(fd)
        }
        for _ in 0..<50 where preview.state.broadcaster.clientCount < 100 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(preview.state.broadcaster.clientCount == 100)
        let clock = ContinuousClock()
        var slowest = Duration.zero
        for build in 0..<200 {
            preview.state.publish(event: .reload) { snapshot in
                snapshot.apply(
                    files: [OutputFile(path: "index.html", contents: .data(Data("<body>build \(build)</body>".utf8)))],
                    changed: ["index.html"], removed: [])
            }
            if build % 20 == 0 {
                let start = clock.now
                let answer = try await preview.get("/")
                slowest = max(slowest, clock.now - start)
                #expect(answer.body.contains("build \(build)"))
            }
        }
        #expect(slowest < .seconds(1))
        // Clients that go away are dropped at the next event or ping: nothing accumulates.
        for fd in clients { close(fd) }
        clients = []
        for _ in 0..<50 where preview.state.broadcaster.clientCount > 0 {
            preview.state.broadcaster.ping()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(preview.state.broadcaster.clientCount == 0)
        #expect(try await preview.get("/").status == 200)
    }
}

/// Plain TCP sockets on 127.0.0.1 for the tests.
enum RawSocket {
    static func tcp() -> Int32 {
        #if os(Linux)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A connected client socket, left open for the caller.
    static func open(port: Int) throws -> Int32 {
        let fd = tcp()
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
        return fd
    }

    static func write(_ fd: Int32, _ text: String) {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
    }

    /// Whether the server closed `fd`: a read that does not block returns end of file or an error.
    static func isClosed(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }
}

/// Deterministic random numbers for reproducible fuzz-like tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

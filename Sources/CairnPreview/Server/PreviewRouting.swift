import Foundation

/// A request as the preview server sees it, before any HTTP library's interpretation.
public struct PreviewRequest: Sendable {
    public var method: String
    /// The request target exactly as sent (`/guides/setup/?x=1`).
    public var target: String
    public var host: String?
    public var origin: String?
    public var ifNoneMatch: String?

    public init(method: String, target: String, host: String?, origin: String? = nil, ifNoneMatch: String? = nil) {
        self.method = method
        self.target = target
        self.host = host
        self.origin = origin
        self.ifNoneMatch = ifNoneMatch
    }
}

/// The answer, or the event stream.
public struct PreviewResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// Answer with the live-reload event stream instead of `body`.
    public var isEventStream = false

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Which `Host` and `Origin` values the preview answers: loopback names, IP literals (a DNS
/// rebinding attack needs a host name) and the host given with `--host`. Everything else is
/// refused, so a page on another site cannot read the preview through a name it controls.
public struct HostPolicy: Sendable {
    public var configuredHost: String
    public var port: Int

    public init(configuredHost: String, port: Int) {
        self.configuredHost = configuredHost.lowercased()
        self.port = port
    }

    public func allows(host header: String?) -> Bool {
        guard let header, let name = Self.hostName(header) else { return false }
        return allows(name: name)
    }

    /// A missing `Origin` (same-origin requests) passes; `null` and other sites do not.
    public func allows(origin: String?) -> Bool {
        guard let origin else { return true }
        guard let url = URL(string: origin), url.scheme == "http", let host = url.host else { return false }
        let name = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return allows(name: name.lowercased()) && (url.port ?? 80) == port
    }

    private func allows(name: String) -> Bool {
        var name = name
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if !configuredHost.isEmpty && name == configuredHost { return true }
        return Self.isIPLiteral(name)
    }

    /// The name part of a `Host` header (`[::1]:8000` → `::1`), lower-cased.
    static func hostName(_ header: String) -> String? {
        let value = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard !value.isEmpty else { return nil }
        if value.hasPrefix("[") {
            guard let end = value.firstIndex(of: "]") else { return nil }
            let rest = value[value.index(after: end)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            return String(value[value.index(after: value.startIndex)..<end])
        }
        if let colon = value.lastIndex(of: ":") {
            let port = value[value.index(after: colon)...]
            guard port.allSatisfy(\.isNumber) else { return nil }
            return String(value[..<colon])
        }
        return value
    }

    static func isIPLiteral(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }
}

/// Answers preview requests from a snapshot. Pure: the same snapshot and request give the same
/// response, so every case is testable without a socket.
public struct PreviewRouting: Sendable {
    public var policy: HostPolicy
    /// Distinguishes this server's ETags from an earlier run's.
    public var token: String

    public init(policy: HostPolicy, token: String) {
        self.policy = policy
        self.token = token
    }

    /// Longest request target accepted.
    static let maximumTarget = 8192

    public func respond(to request: PreviewRequest, snapshot: SiteSnapshot) -> PreviewResponse {
        guard policy.allows(host: request.host) else {
            return Self.text(403, "Host '\(request.host ?? "")' is not allowed. The preview answers localhost, IP addresses and the --host name only (DNS rebinding protection).")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = Self.text(405, "Method not allowed.")
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        guard request.target.utf8.count <= Self.maximumTarget else { return Self.text(414, "Request target too long.") }
        var raw = Substring(request.target)
        if let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<cut] }
        let query = request.target.dropFirst(raw.count)
        guard raw.hasPrefix("/") else { return Self.text(400, "Bad request target.") }

        if raw == LiveReload.eventsPath {
            guard policy.allows(origin: request.origin) else { return Self.text(403, "Origin not allowed.") }
            return PreviewResponse(
                status: 200,
                headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")],
                body: Data(), isEventStream: true)
        }

        guard let decoded = Self.percentDecode(raw) else { return Self.text(400, "Bad percent-encoding in the path.") }
        if decoded.contains("\0") || decoded.contains("\\") { return Self.text(400, "Bad request target.") }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return notFound(request, snapshot) }
        let joined = segments.joined(separator: "/")
        let key = decoded.hasSuffix("/") || joined.isEmpty ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined

        if let file = snapshot.files[key] {
            return serve(key, file, request: request, snapshot: snapshot, status: 200)
        }
        if !decoded.hasSuffix("/"), snapshot.files[joined + "/index.html"] != nil {
            // One leading slash only: "//evil.example" as a Location is another host.
            let path = raw.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            return PreviewResponse(status: 301, headers: [("Location", "/" + path + "/" + query), ("Content-Length", "0")], body: Data())
        }
        return notFound(request, snapshot)
    }

    private func notFound(_ request: PreviewRequest, _ snapshot: SiteSnapshot) -> PreviewResponse {
        if let page = snapshot.files["404.html"] {
            return serve("404.html", page, request: request, snapshot: snapshot, status: 404)
        }
        return Self.text(404, "Not found.")
    }

    private func serve(_ path: String, _ file: ServedFile, request: PreviewRequest, snapshot: SiteSnapshot, status: Int) -> PreviewResponse {
        let type = ContentTypes.type(for: path)
        let isHTML = type.hasPrefix("text/html")
        let etag = isHTML ? "\"\(token)-\(file.version)-\(snapshot.errorsVersion)\"" : "\"\(token)-\(file.version)\""
        var headers = [("Content-Type", type), ("ETag", etag), ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")]
        if status == 200, let match = request.ifNoneMatch, Self.matches(match, etag) {
            return PreviewResponse(status: 304, headers: headers, body: Data())
        }
        let body = isHTML ? LiveReload.inject(into: file.data, errors: snapshot.errors) : file.data
        headers.append(("Content-Length", String(body.count)))
        return PreviewResponse(status: status, headers: headers, body: request.method == "HEAD" ? Data() : body)
    }

    static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { candidate in
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            return value == etag
        }
    }

    static func text(_ status: Int, _ message: String) -> PreviewResponse {
        let body = Data((message + "\n").utf8)
        return PreviewResponse(
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.count)), ("Cache-Control", "no-cache")],
            body: body)
    }

    /// Strict percent-decoding: `%` must be followed by two hex digits, and the bytes must be
    /// UTF-8. Returns nil otherwise.
    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Content types by file extension.
public enum ContentTypes {
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "map": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp",
        "pdf": "application/pdf", "zip": "application/zip", "wasm": "application/wasm",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
    ]

    public static func type(for path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return types[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

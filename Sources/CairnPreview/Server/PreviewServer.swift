import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// What a finished build tells the pages on `/_cairn/events` (the names `LiveReload`'s script
/// listens for).
public enum LiveReloadEvent: String, Sendable, CaseIterable {
    /// Pages changed: reload.
    case reload
    /// Only stylesheets changed: swap them without a reload.
    case css
    /// The search index caught up with the pages (for tools; pages do nothing).
    case search
}

/// What the preview serves right now, and the clients waiting for the next build.
public final class PreviewState: Sendable {
    private let snapshot = Mutex(SiteSnapshot())
    public let broadcaster = EventBroadcaster()

    public init() {}

    /// The snapshot requests read (a copy: its dictionary is shared until the next swap).
    public var current: SiteSnapshot { snapshot.withLock { $0 } }

    /// Swaps in a new snapshot made from the current one, then tells every page: `reload`, or
    /// `css` when only stylesheets changed. Called only once a build is complete.
    public func publish(event: LiveReloadEvent, _ change: (inout SiteSnapshot) -> Void) {
        let generation = snapshot.withLock { current -> Int in
            var next = current
            change(&next)
            current = next
            return next.generation
        }
        broadcaster.send(event.rawValue, data: String(generation))
    }
}

/// The Hummingbird side: turns requests into `PreviewRequest`s (the target exactly as sent) and
/// `PreviewResponse`s into responses, and streams live-reload events. The port Origin checks
/// compare with is read per request: with port 0 it is known only once the server runs.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let state: PreviewState
    let host: String
    let token: String
    let port: BoundPort

    func respond(to request: Request, context: Context) async throws -> Response {
        let routing = PreviewRouting(
            policy: HostPolicy(configuredHost: host == "0.0.0.0" || host == "::" ? "" : host, port: port.value.load(ordering: .relaxed)),
            token: token)
        let preview = PreviewRequest(
            method: request.method.rawValue, target: request.head.path ?? "", host: request.head.authority,
            origin: request.headers[.origin], ifNoneMatch: request.headers[.ifNoneMatch])
        let snapshot = state.current
        let answer = routing.respond(to: preview, snapshot: snapshot)
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        if answer.isEventStream {
            let stream = state.broadcaster.subscribe()
            let hello = "retry: 1000\n\n" + EventBroadcaster.encode("hello", data: String(snapshot.generation))
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: hello))
                for await message in stream {
                    try await writer.write(ByteBuffer(string: message))
                }
                try await writer.finish(nil)
            })
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: answer.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// The preview server: Hummingbird 2 over the in-memory snapshot.
public struct PreviewServer: Sendable {
    public let state: PreviewState
    public let host: String
    public let port: Int
    /// Seconds a connection may sit without a complete request before it is closed.
    public let idleTimeout: Double

    public init(state: PreviewState, host: String, port: Int, idleTimeout: Double = 15) {
        self.state = state
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
    }

    /// Serves until the task is cancelled; `onRunning` gets the port really bound (useful with
    /// port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "cairn-preview")
        logger.logLevel = .error
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let boundPort = BoundPort(port)
        let policyPort = port
        let responder = PreviewResponder(state: state, host: host, token: token, port: boundPort)
        let app = Application(
            responder: responder,
            // Idle and slow (slowloris) connections are closed; a live-reload stream in progress is not.
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(idleTimeout * 1000)))),
            configuration: .init(address: .hostname(host, port: policyPort), serverName: nil),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? policyPort
                boundPort.value.store(actual, ordering: .relaxed)
                await onRunning(actual)
            },
            logger: logger)
        try await app.run()
    }

    /// The first port from `port` on that can be bound on `host`, or nil after `attempts`.
    public static func freePort(host: String, from port: Int, attempts: Int = 50) -> Int? {
        for candidate in port..<(port + attempts) where candidate <= 65535 {
            if canBind(host: host, port: candidate) { return candidate }
        }
        return nil
    }

    static func canBind(host: String, port: Int) -> Bool {
        guard let address = try? SocketAddress.makeAddressResolvingHost(host, port: port) else { return false }
        let family = address.protocol == .inet6 ? AF_INET6 : AF_INET
        #if os(Linux)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let fd = socket(family, socketType, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        return address.withSockAddr { pointer, length in bind(fd, pointer, socklen_t(length)) == 0 }
    }
}

/// The port the server really bound, known once it runs.
final class BoundPort: Sendable {
    let value: Atomic<Int>
    init(_ port: Int) { value = Atomic(port) }
}

import CairnMarkdown
import Foundation
import Synchronization

/// The live-reload client and the error overlay, added to HTML as the preview server sends
/// it. Built and published sites never contain either: they are added per response, here.
public enum LiveReload {
    public static let eventsPath = "/_cairn/events"

    /// Reconnects by itself (EventSource), reloads on `reload` keeping the scroll position,
    /// swaps stylesheets on `css`, and reloads after reconnecting to a server that has built
    /// since this page loaded.
    static let script = """
        <script data-cairn-live-reload>
        (function () {
          if (window.__cairnLiveReload) return;
          window.__cairnLiveReload = true;
          var key = "cairn-scroll:" + location.pathname;
          var saved = sessionStorage.getItem(key);
          if (saved !== null) {
            sessionStorage.removeItem(key);
            var restore = function () { window.scrollTo(0, parseFloat(saved) || 0); };
            if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
          }
          var build = null;
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("hello", function (event) {
            if (build !== null && build !== event.data) reload();
            build = event.data;
          });
          source.addEventListener("\(LiveReloadEvent.reload.rawValue)", function (event) { build = event.data; reload(); });
          source.addEventListener("\(LiveReloadEvent.search.rawValue)", function (event) { build = event.data; });
          source.addEventListener("\(LiveReloadEvent.css.rawValue)", function (event) {
            build = event.data;
            var links = document.querySelectorAll('link[rel="stylesheet"]');
            for (var i = 0; i < links.length; i++) {
              var url = new URL(links[i].href);
              if (url.origin !== location.origin) continue;
              url.searchParams.set("cairn", event.data);
              links[i].href = url.toString();
            }
          });
          function reload() {
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          }
        })();
        </script>
        """

    /// The overlay listing the build's errors (escaped), over the last good build.
    static func overlay(_ errors: [String]) -> String {
        let items = errors.map { "<li>\(HTMLEscaping.escape($0))</li>" }.joined()
        return """
            <div id="cairn-error-overlay" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:2147483647;\
            max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#2b0d0d;color:#ffe3e3;\
            font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-top:3px solid #ff6b6b;\
            box-shadow:0 -8px 24px rgba(0,0,0,.35)"><strong style="display:block;margin-bottom:6px;color:#fff">\
            Cairn: the last build failed \u{2014} showing the last good build</strong>\
            <ul style="margin:0;padding-left:1.2em;white-space:pre-wrap">\(items)</ul>\
            <button type="button" onclick="this.parentNode.remove()" style="position:absolute;top:8px;right:12px;\
            background:none;border:0;color:#ffe3e3;font-size:18px;cursor:pointer" aria-label="Hide">\u{00D7}</button></div>
            """
    }

    /// `html` with the overlay (when there are errors) and the script added once, before the
    /// last `</body>`, or at the end when the page has none.
    static func inject(into html: Data, errors: [String]) -> Data {
        let addition = Data(((errors.isEmpty ? "" : overlay(errors)) + script).utf8)
        var result = html
        if let position = lastBodyClose(in: html) {
            result.insert(contentsOf: addition, at: position)
        } else {
            result.append(addition)
        }
        return result
    }

    /// Offset of the last `</body` (any case) in `html`.
    static func lastBodyClose(in html: Data) -> Int? {
        let needle = Array("</body".utf8)
        return html.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            guard bytes.count >= needle.count else { return nil }
            var start = bytes.count - needle.count
            while start >= 0 {
                var matches = true
                for (offset, expected) in needle.enumerated() {
                    var byte = bytes[start + offset]
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    if byte != expected {
                        matches = false
                        break
                    }
                }
                if matches { return start }
                start -= 1
            }
            return nil
        }
    }
}

/// Sends live-reload events to every connected page.
public final class EventBroadcaster: Sendable {
    private let clients = Mutex<[Int: AsyncStream<String>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    /// A stream of encoded server-sent events for one client; it ends when `finish` is called
    /// or the client goes away.
    public func subscribe() -> AsyncStream<String> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            _ = self?.clients.withLock { $0.removeValue(forKey: id) }
        }
        clients.withLock { $0[id] = continuation }
        return stream
    }

    public var clientCount: Int { clients.withLock { $0.count } }

    /// Sends `event` with `data` to every client.
    public func send(_ event: String, data: String) {
        let message = Self.encode(event, data: data)
        for client in clients.withLock({ Array($0.values) }) { client.yield(message) }
    }

    /// A comment line to every client: a closed connection shows up as a failed write and its
    /// stream ends.
    public func ping() {
        for client in clients.withLock({ Array($0.values) }) { client.yield(": ping\n\n") }
    }

    /// Ends every stream (server shutdown).
    public func finish() {
        for client in clients.withLock({ Array($0.values) }) { client.finish() }
    }

    static func encode(_ event: String, data: String) -> String {
        "event: \(event)\ndata: \(data)\n\n"
    }
}

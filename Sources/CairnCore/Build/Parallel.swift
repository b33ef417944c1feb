import Dispatch
import Foundation
import Synchronization

/// Data-parallel helpers over read-only inputs.
enum Parallel {
    /// `items.map(transform)`, spread over all cores; results keep the input order.
    /// `serial` keeps it on the calling thread (background work that must leave the other cores
    /// to the rebuild a reader is waiting for).
    static func map<T: Sendable, R: Sendable>(_ items: [T], serial: Bool = false, _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1, !serial else { return items.map(transform) }
        let buffer = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        buffer.initialize(repeating: nil)
        defer {
            buffer.deinitialize()
            buffer.deallocate()
        }
        // Each iteration writes only its own slot, so the writes never overlap.
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index] = transform(items[index])
        }
        return buffer.map { $0! }
    }
}

/// A value computed on a thread of its own, started at once and awaited on first use. Its own
/// thread, not the shared pool: work started while ``Parallel/map`` holds every pool thread
/// would otherwise wait for it.
final class Background<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread {
            let value = work()
            self.result.withLock { $0 = value }
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the work to finish (once) and returns its value.
    var value: Value {
        if let value = result.withLock({ $0 }) { return value }
        done.wait()
        done.signal()  // later readers pass straight through
        return result.withLock { $0! }
    }
}

import Crypto
import Foundation

/// SHA-256 of bytes as lower-case hex: for the manifest, cache keys, and the short fingerprints
/// in file names (`style.3f9a1c2b.css`).
enum ContentHash {
    /// The full 64-character hex digest.
    static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The first `bytes` bytes of the digest as hex: a fingerprint for file names.
    static func fingerprint(_ data: Data, bytes: Int = 4) -> String {
        hex(SHA256.hash(data: data).prefix(bytes))
    }

    /// A fingerprint of generated files, paths and contents: the search index's build id. Runs
    /// of files are hashed in parallel (the index of a large site is a hundred megabytes), then
    /// their digests in order.
    static func fingerprint(of files: [OutputFile], bytes: Int = 8, serial: Bool = false) -> String {
        let runs = stride(from: 0, to: files.count, by: 256).map { $0..<min($0 + 256, files.count) }
        let digests = Parallel.map(runs, serial: serial) { run -> Data in
            var hasher = SHA256()
            for file in files[run] {
                hasher.update(data: Data(file.path.utf8))
                if case .data(let data) = file.contents { hasher.update(data: data) }
            }
            return Data(hasher.finalize())
        }
        var hasher = SHA256()
        for digest in digests { hasher.update(data: digest) }
        return hex(hasher.finalize().prefix(bytes))
    }

    /// Bytes as lower-case hex, without a formatter per byte (this runs for every output file).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

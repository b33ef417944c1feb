import Foundation
import Testing
@testable import CairnCore

/// Runs the built `cairn` binary for the command-line contract: exit codes 0/1/2 and the
/// `path:line:column: severity: message` lines.
@Suite("cairn command line")
struct CommandLineTests {
    static var binary: URL? {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("cairn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        let binary = try #require(Self.binary, "the cairn binary is built next to the test runner")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test("exit 0 and a summary line for a good site")
    func success() throws {
        let site = try TestSite(["content/index.md": "# Home\n", "content/a.md": "# A\n"])
        let result = try run(["build"], in: site.root)
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Built 2 pages in "))
        #expect(result.out.contains("→ _site"))
    }

    @Test("exit 1 with file:line:column diagnostics when a page is broken, the rest still built")
    func failure() throws {
        let site = try TestSite(["content/index.md": "# Home\n", "content/bad.md": "---\nweight: x\n---\n# Bad\n"])
        let result = try run(["build", ".", "--format", "text"], in: site.root)
        #expect(result.code == 1)
        #expect(result.err.contains("content/bad.md:2:9: error: 'weight' must be a whole number"))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/bad/index.html").path))
    }

    @Test("--strict turns warnings into exit 1; --format json prints an array")
    func strictAndJSON() throws {
        let site = try TestSite(["content/index.md": "[x](missing.md)\n"])
        #expect(try run(["build"], in: site.root).code == 0)
        #expect(try run(["build", "--strict"], in: site.root).code == 1)
        let json = try run(["build", "--format", "json"], in: site.root)
        let array = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]]
        #expect(array?.first?["file"] as? String == "content/index.md")
        #expect(array?.first?["line"] as? Int == 1)
        #expect(array?.first?["severity"] as? String == "warning")
    }

    @Test("exit 2 for usage errors", arguments: [["build", "--frobnicate"], ["build", "--format", "xml"], ["build", "no-such-folder"]])
    func usage(_ arguments: [String]) throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        #expect(try run(arguments, in: site.root).code == 2)
    }
}

extension CommandLineTests {
    @Test("cairn check reports, writes nothing, and speaks GitHub annotations")
    func check() throws {
        let site = try TestSite(["content/index.md": "# Home\n\nOwner: [Name of the owner]\n\n[x](nope.md)\n"])
        let text = try run(["check"], in: site.root)
        #expect(text.code == 0)
        #expect(text.err.contains("content/index.md:3:8: warning: 1 unfilled placeholder: [Name of the owner]"))
        #expect(text.out.hasPrefix("Checked 1 page: 1 unfilled placeholder on 1 page, 0 tables of contents out of date, 1 broken link"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site").path))
        let github = try run(["check", "--format", "github", "--strict"], in: site.root)
        #expect(github.code == 1)
        #expect(github.out.contains("::error file=content/index.md,line=5,col=1::link target 'nope.md' does not exist"))
    }
}

extension CommandLineTests {
    @Test("a publish killed at any point leaves the old site or the new one, never a mix; the next run cleans up (RELIABILITY 29)",
          arguments: ["after-render", "mid-write", "before-swap", "after-swap"])
    func killedPublish(_ point: String) throws {
        let site = try TestSite(PublishTests.files)
        #expect(try run(["publish"], in: site.root).code == 0)
        let public_ = site.root.appendingPathComponent("public")
        let old = try PublishTests.snapshot(public_)
        try site.write("content/a.md", Data("# A, edited\n\nNew text.\n".utf8))
        for n in 0..<40 { try site.write("content/more/page-\(n).md", Data("# More \(n)\n".utf8)) }
        let killed = try run(["publish"], in: site.root, environment: ["CAIRN_TEST_CRASH_AT": point])
        #expect(killed.code != 0)
        let after = try PublishTests.snapshot(public_)
        if point == "after-swap" {
            #expect(after["more/page-7/index.html"] != nil, "the swap happened")
            // Whole: exactly the files its manifest lists, each with the recorded hash.
            let manifest = try JSONDecoder().decode(OutputFolder.Manifest.self, from: try #require(after[".cairn-manifest.json"]))
            #expect(Set(manifest.files.keys) == Set(after.keys).subtracting([".cairn-manifest.json"]))
            for (path, entry) in manifest.files {
                #expect(after[path].map(ContentHash.sha256) == entry.sha256, "\(path) does not match the manifest")
            }
        } else {
            #expect(after == old, "the old site changed after a kill at \(point)")
        }
        // The next publish removes the leftovers and succeeds.
        #expect(try run(["publish"], in: site.root).code == 0)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: site.root.path)
        #expect(!siblings.contains { $0.contains(".cairn-") }, "leftovers: \(siblings)")
        #expect(FileManager.default.fileExists(atPath: public_.appendingPathComponent("more/page-39/index.html").path))
    }

    @Test("SIGKILL at random moments during a publish: readers see old or new, never a mix")
    func randomKills() throws {
        let site = try TestSite(PublishTests.files)
        for n in 0..<300 { try site.write("content/bulk/page-\(n).md", Data("# Page \(n)\n\nText.\n".utf8)) }
        #expect(try run(["publish"], in: site.root).code == 0)
        let public_ = site.root.appendingPathComponent("public")
        let old = try PublishTests.snapshot(public_)
        try site.write("content/a.md", Data("# A v2\n".utf8))
        let binary = try #require(Self.binary)
        for delay in [5, 20, 40, 80, 160] {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["publish", "-q"]
            process.currentDirectoryURL = site.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try PublishTests.snapshot(public_)
            let isOld = now == old
            let isNew = now["a/index.html"].map { String(decoding: $0, as: UTF8.self).contains("A v2") } == true
                && now.count == old.count
            #expect(isOld || isNew, "after a kill at \(delay) ms the folder is neither the old nor the new site")
        }
    }
}

extension CommandLineTests {
    @Test("site.json problems are reported once by build and publish", arguments: ["build", "publish"])
    func configOnce(_ command: String) throws {
        let site = try TestSite([
            "site.json": "{\n  \"baseURL\": \"https://docs.example.com/\",\n  \"colour\": \"blue\"\n}",
            "content/index.md": "# Home\n",
        ])
        let result = try run([command], in: site.root)
        #expect(result.code == 0)
        #expect(result.err.components(separatedBy: "site.json:3:3: warning: unknown key 'colour' is ignored").count - 1 == 1, "\(result.err)")
    }

    @Test("--version names the linked libcmark-gfm, parallel parsing and the guard; --verbose times the stages")
    func versionAndVerbose() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        let version = try run(["--version"], in: site.root)
        #expect(version.code == 0)
        #expect(version.out.contains("(libcmark-gfm 0.29.0.gfm.6, parallel parsing)"))
        #expect(version.out.contains("older than 0.29.0.gfm.13"))
        let verbose = try run(["build", "--verbose"], in: site.root)
        for stage in ["load", "index", "render", "links", "check", "layout", "search", "write"] {
            #expect(verbose.err.contains("  \(stage) "), "no timing for \(stage)")
        }
    }

    @Test("publish refuses a --base-url that is not an absolute http(s) URL, touching nothing")
    func badBaseURL() throws {
        let site = try TestSite(["content/index.md": "# Home\n"])
        let result = try run(["publish", "--base-url", "docs.example.com"], in: site.root)
        #expect(result.code == 1)
        #expect(result.err.contains("--base-url must be an absolute http(s) URL"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public").path))
    }
}

extension CommandLineTests {
    @Test("--quiet prints errors only, and no summary")
    func quiet() throws {
        let warn = try TestSite(["content/index.md": "[x](missing.md)\n"])
        let quietWarn = try run(["build", "--quiet"], in: warn.root)
        #expect(quietWarn.code == 0 && quietWarn.out.isEmpty && quietWarn.err.isEmpty)
        let bad = try TestSite(["content/index.md": "[x](missing.md)\n", "content/b.md": "---\nweight: x\n---\n"])
        let quietBad = try run(["build", "-q", "--format", "github"], in: bad.root)
        #expect(quietBad.code == 1)
        #expect(quietBad.out == "::error file=content/b.md,line=2,col=9::'weight' must be a whole number\n")
    }
}

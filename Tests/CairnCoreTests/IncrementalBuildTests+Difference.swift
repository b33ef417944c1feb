import Foundation
import Testing
@testable import CairnCore

extension IncrementalBuildTests {
    @Test("the changed and removed files a rebuild reports are those of comparing every output file")
    func reportedDifference() throws {
        let site = try Self.site()
        var session = Self.session(site)
        let steps: [(name: String, write: [String: String?], changes: Set<String>, copied: Set<String>)] = [
            ("body edit", ["content/notes/note-3.md": "# Note 3\n\nEdited.\n"], ["content/notes/note-3.md"], []),
            ("same bytes again", ["content/notes/note-3.md": "# Note 3\n\nEdited.\n"], ["content/notes/note-3.md"], []),
            ("link added (backlinks, inbound counts)", ["content/notes/note-9.md": "# Note 9\n\n[ten](note-10.md)\n"],
             ["content/notes/note-9.md"], []),
            ("link broken (broken-link count)", ["content/notes/note-9.md": "# Note 9\n\n[gone](missing.md)\n"],
             ["content/notes/note-9.md"], []),
            ("placeholder and overdue review", ["content/notes/note-2.md": "# Note 2\n\n**Next Review:** 2020-01-01\n\n| A |\n|---|\n| [Insert name here] |\n"],
             ["content/notes/note-2.md"], []),
            ("title change", ["content/ops.md": "# Ops\n\nRunbook text.\n\n## Restart\n"], ["content/ops.md"], []),
            ("new route, same pages", ["content/notes/note-5.md": "---\nslug: fifth\n---\n# Note 5\n"], ["content/notes/note-5.md"], []),
            ("asset bytes", ["content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>"],
             ["content/images/logo.svg"], ["images/logo.svg"]),
            ("asset added", ["content/images/new.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"], ["content/images/new.svg"], []),
            ("page removed", ["content/notes/note-7.md": nil], ["content/notes/note-7.md"], []),
            ("template", ["themes/default/page.mustache": "<!-- t -->\n" + (EmbeddedTheme.files["page.mustache"] ?? "")],
             ["themes/default/page.mustache"], []),
        ]
        for step in steps {
            let before = session.report.files
            for (path, text) in step.write {
                if let text {
                    try site.write(path, Data(text.utf8))
                } else {
                    try FileManager.default.removeItem(at: site.root.appendingPathComponent(path))
                }
            }
            let summary = session.update(SiteChanges(paths: step.changes))
            let (changed, removed) = RebuildPlan.difference(old: before, new: session.report.files, copied: step.copied)
            #expect(summary.changedFiles == changed, "\(step.name)")
            #expect(summary.removedFiles == removed, "\(step.name)")
            Self.expectSameAsFullBuild(session, site)
        }
    }
}

import CairnMarkdown
import Foundation

/// A page's document metadata: from its `**Status:** …` block at the top (and a
/// `**Next Review:**` line anywhere), overridden by the same keys in front matter.
public struct PageMetadata: Sendable, Equatable, Codable {
    public var status: String?
    /// The status still holds its template placeholder (`[Draft | Review | Approved]`).
    public var statusUnfilled = false
    public var version: String?
    public var owner: String?
    public var lastUpdated: String?
    public var nextReview: String?
    /// Where the next-review date stands in the file.
    public var nextReviewLine = 0
    /// The page's own text states its status, version and owner (those it has) as shown, so the
    /// theme need not repeat them.
    public var statedInBody = false

    public init() {}

    /// Reads the metadata from a page's fields and front matter.
    static func from(fields: [FieldLine], headings: [RenderedHeading], frontMatter: FrontMatter) -> PageMetadata {
        var metadata = PageMetadata()
        // The status block sits above the first section.
        let firstSection = headings.first(where: { $0.level >= 2 })?.line ?? Int.max
        for field in fields {
            let key = field.key.lowercased()
            let filled = PlaceholderScanner.ranges(in: field.value).isEmpty && !field.value.isEmpty
            let value = filled ? field.value : nil
            if key == "next review" {
                if metadata.nextReview == nil, let value {
                    metadata.nextReview = value
                    metadata.nextReviewLine = field.line
                }
                continue
            }
            guard field.line > 0, field.line < firstSection else { continue }
            switch key {
            case "status":
                metadata.status = value
                metadata.statusUnfilled = !filled
            case "version": metadata.version = value
            case "owner": metadata.owner = value
            case "last updated": metadata.lastUpdated = value
            default: break
            }
        }
        let fromBody = [metadata.status, metadata.version, metadata.owner]
        if let status = frontMatter.status {
            metadata.status = status
            metadata.statusUnfilled = false
        }
        metadata.version = frontMatter.version ?? metadata.version
        metadata.owner = frontMatter.owner ?? metadata.owner
        metadata.lastUpdated = frontMatter.lastUpdated ?? metadata.lastUpdated
        metadata.statedInBody = [metadata.status, metadata.version, metadata.owner] == fromBody
        if let nextReview = frontMatter.nextReview {
            metadata.nextReview = nextReview
            metadata.nextReviewLine = frontMatter.nextReviewLine
        }
        return metadata
    }

    /// The review date, when it is written `YYYY-MM-DD` (anything after it is ignored).
    public var nextReviewDate: Date? {
        guard let text = nextReview, text.count >= 10 else { return nil }
        return Self.dayFormatter.date(from: String(text.prefix(10)))
    }

    /// A CSS-friendly form of the status: `In Review` → `in-review`.
    public var statusClass: String? {
        status.map { HeadingSlugger.slug($0) }
    }

    static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}

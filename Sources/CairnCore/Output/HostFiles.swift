import Foundation

/// What a static host needs beside the pages: `sitemap.xml` (with git `lastmod` dates),
/// `robots.txt` pointing at it, and `.nojekyll` so GitHub Pages serves `_cairn/` as it is.
enum HostFiles {
    static func files(
        index: SiteIndex, rendered: [RenderedPage], navigation: Navigation, checks: DocumentChecks, config: SiteConfig
    ) -> (files: [OutputFile], diagnostics: [Diagnostic]) {
        var files = [OutputFile(path: ".nojekyll", contents: .data(Data()))]
        guard let baseURL = config.baseURL else {
            files.append(OutputFile(path: "robots.txt", contents: .data(Data("User-agent: *\nAllow: /\n".utf8))))
            return (files, [.warning(
                "no sitemap.xml: set \"baseURL\" in site.json (or pass --base-url) so pages have absolute URLs",
                file: SiteConfig.fileName, stage: .write)])
        }
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for number in navigation.order where !rendered[number].skipped {
            let route = index.pages[number].route
            let path = route.segments.map(URLEncoding.pathSegment).joined(separator: "/") + (route.segments.isEmpty ? "" : "/")
            xml += "  <url><loc>\(xmlEscape(base + path))</loc>"
            if let date = checks.lastCommit[number] { xml += "<lastmod>\(xmlEscape(date))</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        files.append(OutputFile(path: "sitemap.xml", contents: .data(Data(xml.utf8))))
        files.append(OutputFile(
            path: "robots.txt", contents: .data(Data("User-agent: *\nAllow: /\nSitemap: \(base)sitemap.xml\n".utf8))))
        return (files, [])
    }

    static func xmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}

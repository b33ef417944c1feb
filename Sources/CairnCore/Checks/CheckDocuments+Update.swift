import Foundation

extension CheckDocuments {
    /// The checks after a rebuild that kept every page's number and the navigation, redoing only
    /// what can differ: the pages rendered again (`renderedAgain`, whose cached results the
    /// caller dropped), the pages whose links were checked again (`rechecked`, their broken-link
    /// counts from `brokenLinks`), and the pages whose inbound links changed. The result is the
    /// one ``run(index:rendered:navigation:linkDiagnostics:today:gitDates:cache:)`` gives.
    static func update(
        _ previous: DocumentChecks, index: SiteIndex, old: [RenderedPage], rendered: [RenderedPage], navigation: Navigation,
        renderedAgain: [Int], rechecked: Set<Int>, brokenLinks: (Int) -> Int, today: Date, cache: inout [String: PageCheck]
    ) -> DocumentChecks {
        var checks = previous
        let position = navigation.readingPositions

        // Backlinks: only the pages rendered again can link elsewhere now.
        var targets: Set<Int> = []
        for number in renderedAgain where position[number] != nil {
            let (before, after) = (old[number].linkedPages, rendered[number].linkedPages)
            guard before != after else { continue }
            for target in before.subtracting(after) {
                checks.backlinks[target]?.removeAll { $0 == number }
                if checks.backlinks[target]?.isEmpty == true { checks.backlinks[target] = nil }
                targets.insert(target)
            }
            for target in after.subtracting(before) {
                checks.backlinks[target, default: []].append(number)
                targets.insert(target)
            }
        }
        for target in targets {
            checks.backlinks[target]?.sort { (position[$0] ?? 0) < (position[$1] ?? 0) }
        }

        let startOfToday = startOfDay(today)
        var diagnosticsChanged = false
        for number in Set(renderedAgain).union(rechecked).union(targets) {
            guard let source = index.pages[number].source, let row = checks.healthRows[number] else { continue }
            let check = cachedCheck(source, rendered[number], startOfToday: startOfToday, cache: &cache)
            if checks.pageDiagnostics[number] ?? [] != check.diagnostics {
                checks.pageDiagnostics[number] = check.diagnostics.isEmpty ? nil : check.diagnostics
                diagnosticsChanged = true
            }
            checks.metadata[number] = check.metadata
            let broken = rechecked.contains(number) ? brokenLinks(number) : checks.health[row].brokenLinks
            checks.health[row] = healthRow(
                number, source: source, check: check, index: index, rendered: rendered, navigation: navigation,
                inbound: checks.backlinks[number]?.count ?? 0, brokenLinks: broken, lastCommit: checks.lastCommit[number])
        }
        if diagnosticsChanged {
            checks.diagnostics = navigation.order.flatMap { checks.pageDiagnostics[$0] ?? [] }
        }
        return checks
    }
}

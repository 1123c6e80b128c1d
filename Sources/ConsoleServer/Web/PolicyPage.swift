import ConsoleStore
import Foundation
import Hummingbird

/// The Policy page: the current text in an editor (validation errors shown at their line, a
/// dry-run coverage diff before applying), the revision history with a diff between any two
/// revisions and roll back. Only a writer gets an editable text, Apply and Roll back.
enum PolicyPage {
    static func render(_ core: ConsoleCore, _ identity: ConsoleIdentity) async throws -> Response {
        let current = try await core.store.currentPolicyRevision()
        let revisions = try await core.store.policyRevisions(limit: 1000)
        let text = current?.text ?? ""
        let lineCount = max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count)
        let gutter = (1...lineCount).map { "<li>\($0)</li>" }.joined()
        let writer = identity.canWrite
        let heading =
            current.map {
                "<p class=\"summary\" id=\"current-revision\" data-revision=\"\($0.id ?? 0)\">Current: revision \($0.id ?? 0) by \(WebHTML.escape($0.author)), \(WebHTML.time($0.createdAt))\($0.comment.isEmpty ? "" : " — " + WebHTML.escape($0.comment))</p>"
            } ?? "<p class=\"alert\" id=\"current-revision\" data-revision=\"0\">No policy yet: nothing is tapped.</p>"
        let controls =
            writer
            ? """
            <div class="controls">
            <button type="button" id="validate" title="Ctrl+Enter">Validate</button>
            <button type="button" id="dry-run">Dry run (coverage diff)</button>
            <label>Comment <input id="comment" maxlength="200"></label>
            <button type="button" id="apply" disabled title="run a dry run of this text first">Apply</button>
            </div>
            """
            : "<p class=\"muted\" id=\"read-only-note\">Read-only: sign in as an administrator to edit the policy.</p>"
        let editor = """
            <div class="editor"><ol id="gutter" aria-hidden="true">\(gutter)</ol>\
            <textarea id="policy-text" spellcheck="false" aria-label="Policy text" aria-describedby="policy-error"\(writer ? "" : " readonly")>\(WebHTML.escape(text))</textarea></div>
            <p id="policy-error" class="error" role="alert" hidden></p><p id="policy-status" class="okay" role="status" hidden></p>
            \(controls)
            <div id="dry-run-result"></div>
            """
        var rows: [[String]] = []
        for revision in revisions {
            let id = revision.id ?? 0
            var actions =
                id == current?.id
                ? "<span class=\"badge ok\">current</span>"
                : "<a href=\"/policy/diff?from=\(id)&amp;to=\(current?.id ?? id)\">diff with current</a>"
            if writer, id != current?.id {
                actions +=
                    " <button type=\"button\" class=\"rollback\" data-revision=\"\(id)\">Roll back to \(id)</button>"
            }
            rows.append([
                String(id), WebHTML.escape(revision.author), WebHTML.time(revision.createdAt),
                WebHTML.escape(revision.comment), actions,
            ])
        }
        func options(selected: Int64?) -> String {
            revisions.map {
                "<option value=\"\($0.id ?? 0)\"\($0.id == selected ? " selected" : "")>\($0.id ?? 0)</option>"
            }.joined()
        }
        let history = """
            <h2>Revisions</h2>
            <form method="get" action="/policy/diff" class="inline" id="diff-form"><label>Diff from <select name="from">\(options(selected: revisions.dropFirst().first?.id))</select></label> \
            <label>to <select name="to">\(options(selected: current?.id))</select></label> <button type="submit">Show diff</button></form>
            \(WebHTML.table(id: "revisions", headers: ["Revision", "Who", "When", "Comment", ""], rows: rows))
            """
        return WebHTML.page(title: "Policy", active: "/policy", identity: identity, body: heading + editor + history)
    }

    static func renderDiff(
        _ core: ConsoleCore,
        _ identity: ConsoleIdentity,
        from: Int64?,
        to: Int64?
    ) async throws -> Response {
        guard let from, let to, let old = try await core.store.policyRevision(id: from),
            let new = try await core.store.policyRevision(id: to)
        else {
            var response = WebHTML.page(
                title: "Policy diff",
                active: "/policy",
                identity: identity,
                body: "<p class=\"error\">Choose two existing revisions.</p>"
            )
            response.status = .notFound
            return response
        }
        let diff = LineDiff(old: old.text, new: new.text)
        let lines = diff.lines.map { line -> String in
            let mark = line.kind == .added ? "+" : line.kind == .removed ? "-" : " "
            return "<span class=\"\(line.kind.rawValue)\">\(mark) \(WebHTML.escape(line.text))</span>"
        }
        let added = diff.lines.filter { $0.kind == .added }.count
        let removed = diff.lines.filter { $0.kind == .removed }.count
        let body = """
            <p class="summary">Revision \(from) (\(WebHTML.escape(old.author)), \(WebHTML.time(old.createdAt))) → revision \(to) (\(WebHTML.escape(new.author)), \(WebHTML.time(new.createdAt))): <span id="diff-added">\(added)</span> lines added, <span id="diff-removed">\(removed)</span> removed</p>
            <pre class="diff" id="diff">\(lines.joined(separator: "\n"))</pre>
            <p><a href="/policy">Back to the policy</a></p>
            """
        return WebHTML.page(title: "Policy diff \(from) → \(to)", active: "/policy", identity: identity, body: body)
    }
}

#!/usr/bin/env python3
"""Reports every public declaration of the library targets that has no doc comment.

Scans the Swift files of every target under Sources/ except executable targets (read from
Package.swift) and targets without Swift files (the C targets). A declaration is public when it
is marked `public` or `open`, or when it has no access modifier and sits in a public protocol
(a requirement), a public enum (a `case`) or a `public extension`. Declarations nested in a type
that is not public are not reported. A declaration is documented when a `///` line or the end
of a `/** */` block is directly above it; attributes (`@inlinable`, `@_lifetime(...)`, also over
several lines) may stand between the comment and the declaration, a blank line or a `#if` may
not.

Output: one `path:line: undocumented public <kind> <name>` line per finding, then a summary
line per target (documented / public). Exit status: 0 when every public declaration is
documented, 1 when one is not, 2 on a usage error.

Usage: scripts/doc-coverage.py [--summary] [TARGET ...]   (default: every library target)
"""

import os
import re
import sys

ACCESS = {"public", "open", "package", "internal", "fileprivate", "private"}
MODIFIERS = ACCESS | {
    "static", "final", "override", "mutating", "nonmutating", "nonisolated", "convenience", "required",
    "lazy", "weak", "unowned", "dynamic", "indirect", "optional", "consuming", "borrowing", "isolated",
    "distributed", "prefix", "postfix", "infix", "__consuming", "unsafe",
}
TYPE_KINDS = {"struct", "class", "enum", "protocol", "actor", "extension"}
DECL_KINDS = TYPE_KINDS | {
    "func", "init", "var", "let", "subscript", "typealias", "associatedtype", "case", "macro", "deinit",
}
IDENT = r"(?:`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)"
OPERATOR_CHARS = "/=-+!*%<>&|^~?."


def blank_strings_and_comments(text):
    """Returns (code, doc_lines): the text with string contents and comments replaced by spaces
    (newlines kept, so line numbers hold), and the set of 1-based lines that are part of a doc
    comment and hold nothing else."""
    out = []
    doc_lines = set()
    i, n, line = 0, len(text), 1
    # Each entry of `stack` is a string being read: (hashes, multiline); an int entry is the
    # parenthesis depth of an interpolation `\(...)` inside the string below it.
    stack = []
    line_start_code = True  # nothing but whitespace so far on this line

    def put(ch):
        nonlocal line, line_start_code
        out.append(ch)
        if ch == "\n":
            line += 1
            line_start_code = True

    while i < n:
        c = text[i]
        in_string = stack and isinstance(stack[-1], tuple)
        if in_string:
            hashes, multiline = stack[-1]
            if c == "\\" and text.startswith("#" * hashes, i + 1):
                j = i + 1 + hashes
                if j < n and text[j] == "(":
                    out.append(" " * (j - i) + "(")
                    stack.append(1)
                    i = j + 1
                    continue
                out.append(" " * (j + 1 - i) if text[j:j + 1] != "\n" else " " * (j - i))
                i = j + 1 if text[j:j + 1] != "\n" else j
                continue
            closing = ('"""' if multiline else '"') + "#" * hashes
            if text.startswith(closing, i):
                out.append(closing)
                stack.pop()
                i += len(closing)
                continue
            if c == "\n" and not multiline:  # unterminated: give up on this string
                stack.pop()
            put("\n" if c == "\n" else " ")
            i += 1
            continue
        # code (at top level or inside an interpolation)
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            if text.startswith("///", i) and not text.startswith("////", i) and line_start_code:
                doc_lines.add(line)
            out.append(" " * (end - i))
            i = end
            continue
        if text.startswith("/*", i):
            is_doc = text.startswith("/**", i) and not text.startswith("/**/", i) and line_start_code
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            first = line
            for ch in text[i:j]:
                put("\n" if ch == "\n" else " ")
            if is_doc:
                doc_lines.update(range(first, line + 1))
            i = j
            continue
        m = re.match(r'(#*)("""|")', text[i:i + 64])
        if m and (m.group(1) == "" or c == "#"):
            hashes, quote = len(m.group(1)), m.group(2)
            out.append(m.group(0))
            stack.append((hashes, quote == '"""'))
            i += len(m.group(0))
            line_start_code = False
            continue
        if stack and isinstance(stack[-1], int):
            if c == "(":
                stack[-1] += 1
            elif c == ")":
                stack[-1] -= 1
                if stack[-1] == 0:
                    stack.pop()
                    out.append(")")
                    i += 1
                    continue
        if not c.isspace():
            line_start_code = False
        put(c)
        i += 1
    return "".join(out), doc_lines


class Scope:
    """A brace scope: a type or extension body (declarations), or code (bodies of functions,
    accessors, closures), whose declarations are never public."""

    def __init__(self, kind, public, decls):
        self.kind = kind  # "file", a TYPE_KINDS word, or "code"
        self.public = public  # members without an access modifier are public (protocol, public extension)
        self.exported = public or kind in ("file", "extension")  # a public member is public API
        self.decls = decls  # holds declarations (not code)


ATTRIBUTE = re.compile(r"@" + IDENT + r"(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def split_header(code):
    """Splits the start of a line into attributes, modifiers and the declaration keyword.
    Returns (rest_after_attributes, modifiers, keyword, after_keyword, open_parens) where
    open_parens counts parentheses an attribute left open at the end of the line."""
    s = code.lstrip()
    # attributes, with balanced arguments
    while s.startswith("@"):
        m = ATTRIBUTE.match(s)
        if not m:
            break
        s = s[m.end():]
        if s.startswith("("):
            depth, j = 0, 0
            while j < len(s):
                if s[j] == "(":
                    depth += 1
                elif s[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if depth:
                return "", [], None, "", depth
            s = s[j + 1:]
        s = s.lstrip()
    modifiers = []
    while True:
        m = re.match(r"([A-Za-z_]+)(\s*\(\s*(set|unsafe|safe)\s*\))?", s)
        if not m:
            break
        word = m.group(1)
        after = s[m.end():]
        if word == "class" and re.match(r"\s+(func|var|let|subscript|init|typealias)\b", after):
            modifiers.append("class")
        elif word in MODIFIERS and (m.group(2) or re.match(r"\s+\S", after) or after.strip() == ""):
            if word == "optional" and not re.match(r"\s+(func|var|init|subscript)\b", after):
                break
            modifiers.append(word + ("(set)" if m.group(2) and m.group(3) == "set" else ""))
        else:
            break
        s = after.lstrip()
        if not s:
            break
    m = re.match(r"(" + "|".join(sorted(DECL_KINDS, key=len, reverse=True)) + r")\b", s)
    if not m:
        return s, modifiers, None, "", 0
    return s, modifiers, m.group(1), s[m.end():], 0


def declaration_name(kind, after):
    after = after.lstrip()
    if kind == "init":
        m = re.match(r"[?!]?", after)
        return "init" + m.group(0)
    if kind == "subscript":
        return "subscript"
    if kind == "func":
        m = re.match(IDENT, after)
        if m:
            return m.group(0)
        m = re.match("[" + re.escape(OPERATOR_CHARS) + "]+", after)
        return m.group(0) if m else "?"
    if kind == "case":
        names, depth, token = [], 0, ""
        for ch in after:
            if ch in "([<":
                depth += 1
            elif ch in ")]>":
                depth -= 1
            elif depth == 0 and ch in ",=":
                names.append(token)
                token = "" if ch == "," else None
                if token is None:
                    break
                continue
            if depth == 0 and token is not None:
                token += ch
        if token:
            names.append(token)
        names = [re.match(r"\s*(" + IDENT + ")?", name).group(1) for name in names]
        return ", ".join(name for name in names if name)
    m = re.match(IDENT + r"(?:\.[A-Za-z_][A-Za-z0-9_]*)*", after)
    if m:
        return m.group(0)
    m = re.match(r"\([^)]*\)", after)
    return m.group(0) if m else "?"


def is_documented(lines, doc_lines, first_line):
    """A doc line directly above `first_line` (1-based), skipping formatter directives."""
    k = first_line - 1
    while k >= 1 and re.match(r"\s*//\s*swift-format-ignore", lines[k - 1]):
        k -= 1
    return k >= 1 and k in doc_lines


def scan_file(path):
    """Yields (line, kind, name, documented) for each public declaration of one file."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    code, doc_lines = blank_strings_and_comments(text)
    raw_lines = text.split("\n")
    code_lines = code.split("\n")
    scopes = [Scope("file", False, True)]
    paren = 0  # ( and [ open at the start of the line
    pending_start = None  # first line of attributes/modifiers waiting for their declaration
    pending_modifiers = []
    attribute_open = False  # an attribute's argument list is still open
    pending_type = None  # (kind, public) of a type declaration whose `{` has not come yet
    conditional = []  # per #if: [depth at #if, depth at the end of the first branch or None]

    for number, line in enumerate(code_lines, start=1):
        stripped = line.strip()
        directive = re.match(r"#(if|elseif|else|endif)\b", stripped)
        if directive:
            word = directive.group(1)
            if word == "if":
                conditional.append([list(scopes), None])
            elif conditional and word in ("elseif", "else"):
                if conditional[-1][1] is None:
                    conditional[-1][1] = list(scopes)
                scopes[:] = conditional[-1][0]
            elif conditional and word == "endif":
                saved = conditional.pop()
                if saved[1] is not None:
                    scopes[:] = saved[1]
            continue
        segment = 0  # where on the line the text being read starts
        while True:
            scope = scopes[-1]
            line_for_header = line[segment:] if paren == 0 else None
            if attribute_open and segment == 0:
                # inside a multi-line attribute argument list: the tail after it closes may hold more
                depth = paren
                for index, ch in enumerate(line):
                    depth += 1 if ch in "([" else -1 if ch in ")]" else 0
                    if depth == 0:
                        line_for_header = line[index + 1:]
                        attribute_open = False
                        break
                if attribute_open and segment == 0:
                    line_for_header = None
                elif not line_for_header.strip():
                    line_for_header = None  # the attribute ended the line; its declaration follows
            if scope.decls and line_for_header is not None and line_for_header.strip():
                rest, modifiers, kind, after, open_parens = split_header(line_for_header)
                if open_parens:
                    attribute_open = True
                    pending_start = pending_start or number
                    pending_modifiers += modifiers
                elif kind is None and (rest.strip() == "" and (line_for_header.strip().startswith("@") or modifiers)):
                    pending_start = pending_start or number  # attribute or modifier line
                    pending_modifiers += modifiers
                elif kind is not None:
                    start = pending_start or number
                    modifiers = pending_modifiers + modifiers
                    pending_start, pending_modifiers = None, []
                    access = next((word for word in modifiers if word in ACCESS), None)
                    if access is None:
                        # protocol requirements and members of a `public extension` are public; in an
                        # enum only the cases are
                        is_public = scope.public and kind != "extension" and (kind == "case") == (scope.kind == "enum")
                    else:
                        is_public = access in ("public", "open")
                    if kind == "case" and scope.kind != "enum":
                        is_public = False
                    if kind in TYPE_KINDS:
                        members_public = kind == "protocol" and is_public or kind == "enum" and is_public
                        if kind == "extension":
                            members_public = access in ("public", "open")
                        pending_type = (kind, members_public, is_public or kind == "extension")
                    reported = is_public and scope.exported and kind not in ("extension", "deinit")
                    if reported:
                        yield start, kind, declaration_name(kind, after), segment == 0 and is_documented(raw_lines, doc_lines, start)
                else:
                    pending_start, pending_modifiers = None, []
            # braces and parentheses of this segment; a type body opened on this line starts a new
            # segment, so members declared on the same line are seen (and need their own line to be
            # documented)
            next_segment = None
            for index in range(segment, len(line)):
                ch = line[index]
                if ch in "([":
                    paren += 1
                elif ch in ")]":
                    paren = max(0, paren - 1)
                elif ch == "{":
                    if pending_type and paren == 0:
                        kind, members_public, exported = pending_type
                        new = Scope(kind, members_public, True)
                        new.exported = exported and scopes[-1].exported
                        scopes.append(new)
                        pending_type = None
                        if line[index + 1:].strip():
                            next_segment = index + 1
                            break
                    else:
                        scopes.append(Scope("code", False, False))
                elif ch == "}":
                    if len(scopes) > 1:
                        scopes.pop()
            if next_segment is None:
                break
            segment = next_segment
        if not scopes[-1].decls:
            pending_type = None


def executable_targets(root):
    try:
        with open(os.path.join(root, "Package.swift"), encoding="utf-8") as handle:
            manifest = handle.read()
    except OSError:
        return set()
    return set(re.findall(r'\.executableTarget\(\s*name:\s*"([^"]+)"', manifest))


def main(argv):
    arguments = argv[1:]
    summary_only = "--summary" in arguments
    arguments = [argument for argument in arguments if argument != "--summary"]
    if any(argument.startswith("-") for argument in arguments):
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    sources = os.path.join(root, "Sources")
    skipped = executable_targets(root)
    targets = []
    for name in sorted(os.listdir(sources)):
        folder = os.path.join(sources, name)
        if not os.path.isdir(folder) or name in skipped:
            continue
        files = sorted(
            os.path.join(directory, file)
            for directory, _, names in os.walk(folder)
            for file in names
            if file.endswith(".swift")
        )
        if files:
            targets.append((name, files))
    if arguments:
        unknown = set(arguments) - {name for name, _ in targets}
        if unknown:
            print("doc-coverage: no library target named " + ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        targets = [(name, files) for name, files in targets if name in arguments]
    missing_total = 0
    summary = []
    for name, files in targets:
        public, missing = 0, 0
        for path in files:
            relative = os.path.relpath(path, root)
            for line, kind, declared, documented in scan_file(path):
                public += 1
                if not documented:
                    missing += 1
                    if not summary_only:
                        what = declared if kind in ("init", "subscript") else f"{kind} {declared}"
                        print(f"{relative}:{line}: undocumented public {what}")
        missing_total += missing
        summary.append(f"{name}: {public - missing} of {public} public declarations documented, {missing} undocumented")
    for line in summary:
        print(line)
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

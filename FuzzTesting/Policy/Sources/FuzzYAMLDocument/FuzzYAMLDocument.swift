import FlatYAML

/// Feeds arbitrary bytes to `YAMLDocument`; every document that reads is walked with
/// every alias expanded, checking the guarantees: child IDs in range, mappings with
/// whole pairs, nodes in text order, and no more nodes than `maximumExpandedNodes`.
/// Errors are expected; traps are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let limits = YAMLDocument.Limits(maximumBytes: 1 << 20, maximumDepth: 32, maximumExpandedNodes: 50_000)
    let document: YAMLDocument
    do { document = try YAMLDocument(parsing: bytes, limits: limits) } catch {
        precondition(error.line >= 1 && error.column >= 1 && !error.message.isEmpty, "error without place: \(error)")
        return 0
    }
    guard let root = document.root else { return 0 }
    var stack = [root]
    var visited = 0
    while let node = stack.popLast() {
        visited += 1
        precondition(visited <= limits.maximumExpandedNodes, "expansion beyond the limit")
        let elements = document.elements(of: node)
        precondition(document[node].kind != .scalar || elements.isEmpty, "scalar with children")
        precondition(document[node].kind != .mapping || elements.count % 2 == 0, "mapping with half a pair")
        for child in elements {
            precondition(document.nodes.indices.contains(child), "child out of range")
            let a = document[node]
            let b = document[child]
            precondition((a.line, a.column) <= (b.line, b.column) || child < node, "inline child before its parent")
            stack.append(child)
        }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzYAMLDocument_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}

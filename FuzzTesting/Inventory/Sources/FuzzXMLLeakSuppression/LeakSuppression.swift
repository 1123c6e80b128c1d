/// Foundation's XMLParser on Linux leaks the CFError it builds for every libxml2
/// error (swift-corelibs-foundation 6.3); not ours to fix, so LeakSanitizer is told
/// to ignore exactly that allocation site and still reports every other leak.
/// Linked into every fuzzer that parses XML.
@_cdecl("__lsan_default_suppressions")
public func leakSuppressions() -> UnsafePointer<CChar> {
    let text: StaticString = "leak:_CFErrorCreateFromXMLInterface\n"
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

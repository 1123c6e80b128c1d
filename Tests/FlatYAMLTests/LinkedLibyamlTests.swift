import CYAML
import Foundation
import TestSupport
import Testing

/// The libyaml FlatYAML is built against is the one that runs. The test bundle links every
/// library of the package, so if any of them brought its own copy of libyaml, `yaml_*`
/// would resolve to that static copy inside the bundle instead of to the system's shared
/// library.
@Suite struct LinkedLibyamlTests {
    @Test func yamlParserParseIsInTheSharedLibyaml() throws {
        let parse: @convention(c) (UnsafeMutablePointer<yaml_parser_t>?, UnsafeMutablePointer<yaml_event_t>?) -> Int32 =
            yaml_parser_parse
        let address = UInt(bitPattern: unsafeBitCast(parse, to: UnsafeRawPointer.self))
        // Each line of /proc/self/maps: start-end perms offset device inode [path].
        // Read to the end: procfs files report a size of 0.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        try #require(!maps.isEmpty)
        let file = maps.split(separator: "\n").first { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            return bounds.count == 2 && bounds[0] <= address && address < bounds[1]
        }.flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first }
        let name = try #require(
            file.map { URL(fileURLWithPath: String($0)).lastPathComponent },
            "no mapping holds 0x\(String(address, radix: 16))"
        )
        #expect(name.hasPrefix("libyaml-0.so"), "yaml_parser_parse is in \(name)")
    }

    /// The shared library reports the release that pkg-config (the build's source of the
    /// headers and link flags) names.
    @Test func theRunningLibyamlIsTheReleaseItWasBuiltAgainst() throws {
        let built = try ExternalTool.run("pkg-config", ["--modversion", "yaml-0.1"])
        try #require(built.status == 0, "\(built.standardError)")
        let running = unsafe String(cString: yaml_get_version_string())
        #expect(running == built.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

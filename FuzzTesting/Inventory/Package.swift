// swift-tools-version: 6.2
// libFuzzer targets for the Inventory library. Build and run:
//   swift build -c release --package-path FuzzTesting/Inventory -Xswiftc -sanitize=fuzzer,address
//   FuzzTesting/Inventory/.build/release/FuzzInventoryFile -max_total_time=10 FuzzTesting/Inventory/Corpus/FuzzInventoryFile
// (likewise FuzzLibvirtDomainXML and FuzzVSphereResponse with their Corpus folders)
import PackageDescription

let package = Package(
    name: "InventoryFuzzing",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: [
        // Tells LeakSanitizer about Foundation XMLParser's known leak (see the file).
        .target(name: "FuzzXMLLeakSuppression"),
        .executableTarget(
            name: "FuzzInventoryFile",
            dependencies: [.product(name: "Inventory", package: "VirtualTap")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzLibvirtDomainXML",
            dependencies: ["FuzzXMLLeakSuppression", .product(name: "InventoryLibvirt", package: "VirtualTap")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzVSphereResponse",
            dependencies: ["FuzzXMLLeakSuppression", .product(name: "InventoryVSphere", package: "VirtualTap")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)

// swift-tools-version: 6.2
// libFuzzer targets for the Inventory library. Build and run:
//   swift build -c release --package-path FuzzTesting/Inventory -Xswiftc -sanitize=fuzzer,address
//   FuzzTesting/Inventory/.build/release/FuzzInventoryFile -max_total_time=10 FuzzTesting/Inventory/Corpus/FuzzInventoryFile
import PackageDescription

let package = Package(
    name: "InventoryFuzzing",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: [
        .executableTarget(
            name: "FuzzInventoryFile",
            dependencies: [.product(name: "Inventory", package: "VirtualTap")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)

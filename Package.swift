// swift-tools-version:6.0
import PackageDescription

// Release builds are compiled for the building machine's CPU so that the SIMD
// kernels use its vector instructions; debug builds stay portable.
// `-fno-math-errno` lets squareRoot() compile to the vector square-root
// instruction: on Linux it otherwise calls sqrtf for negative inputs to set
// errno, which keeps every loop that takes a square root scalar.
let nativeCPU: [SwiftSetting] = [
  .unsafeFlags(
    ["-Ounchecked", "-target-cpu", "native", "-Xcc", "-fno-math-errno"],
    .when(configuration: .release))
]

let package = Package(
  name: "LossLab",
  products: [
    .executable(name: "losslab", targets: ["losslab"])
  ],
  targets: [
    // The ncursesw wide-character API through a module map. The header contains
    // accessors for C globals (stdscr, COLS, LINES, stdout) that Swift 6's
    // concurrency checking rejects when used directly.
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
    // libpng through a module map, for reading and writing PNG images.
    .systemLibrary(
      name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
      providers: [.apt(["libpng-dev"])]),
    .target(name: "LabTensor", swiftSettings: nativeCPU),
    .target(name: "LabNN", dependencies: ["LabTensor"], swiftSettings: nativeCPU),
    .target(name: "LabModels", dependencies: ["LabNN"], swiftSettings: nativeCPU),
    .target(name: "LabData", dependencies: ["LabTensor", "CPNG"], swiftSettings: nativeCPU),
    .target(
      name: "LabScenario",
      dependencies: ["LabNN", "LabModels", "LabData"],
      swiftSettings: nativeCPU),
    .target(name: "LabCharts"),
    .target(
      name: "LabApp",
      dependencies: ["LabScenario", "LabCharts", "LabNN", "LabModels", "LabTensor"]),
    .target(name: "LabTerminal", dependencies: ["CNcursesw", "LabCharts"]),
    .executableTarget(
      name: "losslab",
      dependencies: [
        "LabApp", "LabTerminal", "LabScenario", "LabCharts", "LabModels", "LabNN", "LabTensor",
      ]),
    .target(name: "LabTestSupport", dependencies: ["LabTensor", "LabCharts"]),
    .testTarget(
      name: "LabTensorTests", dependencies: ["LabTensor", "LabTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "LabNNTests", dependencies: ["LabNN", "LabModels", "LabTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "LabModelsTests", dependencies: ["LabModels", "LabTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "LabDataTests", dependencies: ["LabData", "LabTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "LabScenarioTests", dependencies: ["LabScenario", "LabTestSupport"]),
    .testTarget(name: "LabChartsTests", dependencies: ["LabCharts", "LabTestSupport"]),
    .testTarget(name: "LabAppTests", dependencies: ["LabApp", "LabTestSupport"]),
    .testTarget(name: "LabTerminalTests", dependencies: ["LabTerminal"]),
  ],
  swiftLanguageModes: [.v6]
)

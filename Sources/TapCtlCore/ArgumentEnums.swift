import ArgumentParser
import Logging
import NetFlow
import TapVocabulary

// Options whose values are a fixed set: the parser checks them and names the
// allowed values in `--help` and in its error.

/// `--oversize truncate|fragment`.
extension OversizePolicy: ExpressibleByArgument {}

/// `--version 5|9|10`, `--netflow-version 5|9|10`.
extension NetFlowVersion: ExpressibleByArgument {}

/// `--log-level trace|debug|info|notice|warning|error|critical`.
extension Logger.Level: @retroactive ExpressibleByArgument {}

import ArgumentParser
import TapVocabulary

/// `--oversize truncate|fragment`, checked by the parser.
extension OversizePolicy: ExpressibleByArgument {}

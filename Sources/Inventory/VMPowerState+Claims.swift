import TapVocabulary

extension VMPowerState {
    /// Preference when two sources claim the same VM: a running copy wins over a
    /// paused one (the source of a live migration pauses it), which wins over the rest.
    var claimPriority: Int {
        switch self {
        case .running: 3
        case .paused: 2
        case .suspended, .crashed: 1
        case .shutOff, .unknown: 0
        }
    }
}

import Foundation
import TapAgent

enum AgentStatisticsFile {
    static func read(_ path: String) throws -> AgentStatistics {
        try JSONDecoder().decode(AgentStatistics.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

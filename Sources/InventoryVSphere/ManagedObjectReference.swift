/// A vSphere managed object reference: a type and an id (`HostSystem` `host-23`).
public struct ManagedObjectReference: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(type):\(value)" }
}

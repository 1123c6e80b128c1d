/// Builds vim25 SOAP request envelopes. Every value put into a request goes
/// through ``escape(_:)``.
enum SOAPEnvelope {
    static func wrap(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>\
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:vim25">\
        <soapenv:Body>\(body)</soapenv:Body></soapenv:Envelope>
        """
    }

    /// A managed object reference element: `<name type="Type">id</name>`.
    static func reference(_ name: String, _ object: ManagedObjectReference) -> String {
        "<\(name) type=\"\(escape(object.type))\">\(escape(object.value))</\(name)>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

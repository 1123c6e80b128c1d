/// The OpenAPI description of the flow routes, merged into ``OpenAPIDocument``.
enum FlowOpenAPI {
    static let query = #"""
        [{"$ref": "#/components/parameters/flowStart"}, {"$ref": "#/components/parameters/flowEnd"}, {"$ref": "#/components/parameters/flowBy"}, {"$ref": "#/components/parameters/flowGroup"}, {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/flowVM"}, {"$ref": "#/components/parameters/flowTag"}, {"$ref": "#/components/parameters/flowHost"}, {"$ref": "#/components/parameters/flowProtocol"}, {"$ref": "#/components/parameters/flowPort"}, {"$ref": "#/components/parameters/flowAddress"}, {"$ref": "#/components/parameters/flowFormat"}]
        """#

    static let errors =
        ##""400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}"##

    static let json = #"""
        {
          "components": {
            "parameters": {
              "flowStart": {"name": "start", "in": "query", "required": false, "description": "Range start, seconds since 1970 (default: end - 3600)", "schema": {"type": "integer", "format": "int64"}},
              "flowEnd": {"name": "end", "in": "query", "required": false, "description": "Range end (exclusive), seconds since 1970 (default: now)", "schema": {"type": "integer", "format": "int64"}},
              "flowBy": {"name": "by", "in": "query", "required": false, "schema": {"type": "string", "enum": ["bytes", "packets", "flows"]}},
              "flowGroup": {"name": "group", "in": "query", "required": false, "schema": {"type": "string", "enum": ["pair", "vm", "host", "network", "service", "endpoint"]}},
              "flowVM": {"name": "vm", "in": "query", "required": false, "description": "VM name or glob (either endpoint)", "schema": {"type": "string"}},
              "flowTag": {"name": "tag", "in": "query", "required": false, "description": "VM tag (either endpoint)", "schema": {"type": "string"}},
              "flowHost": {"name": "host", "in": "query", "required": false, "description": "Hypervisor host of either endpoint", "schema": {"type": "string"}},
              "flowProtocol": {"name": "protocol", "in": "query", "required": false, "description": "tcp, udp, icmp, icmpv6, sctp or a number", "schema": {"type": "string"}},
              "flowPort": {"name": "port", "in": "query", "required": false, "description": "Service port", "schema": {"type": "integer", "minimum": 0, "maximum": 65535}},
              "flowAddress": {"name": "address", "in": "query", "required": false, "description": "IP address or CIDR prefix of either endpoint", "schema": {"type": "string"}},
              "flowFormat": {"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "csv"]}}
            },
            "schemas": {
              "FlowCounts": {"type": "object", "required": ["bytes", "packets", "flows"], "properties": {"bytes": {"type": "integer", "format": "int64"}, "packets": {"type": "integer", "format": "int64"}, "flows": {"type": "integer", "format": "int64"}}},
              "FlowEndpoint": {"type": "object", "required": ["key", "vm", "host", "network"], "properties": {"key": {"type": "string"}, "vm": {"type": "string"}, "host": {"type": "string"}, "network": {"type": "string"}}},
              "FlowTalker": {"type": "object", "required": ["key", "name", "bytes", "packets", "flows", "estimated"], "properties": {"key": {"type": "string"}, "name": {"type": "string"}, "source": {"$ref": "#/components/schemas/FlowEndpoint"}, "destination": {"$ref": "#/components/schemas/FlowEndpoint"}, "protocol": {"type": "integer"}, "port": {"type": "integer"}, "bytes": {"type": "integer", "format": "int64"}, "packets": {"type": "integer", "format": "int64"}, "flows": {"type": "integer", "format": "int64"}, "firstSeen": {"type": "integer", "format": "int64"}, "estimated": {"type": "boolean"}}},
              "FlowTop": {"type": "object", "required": ["table", "resolution", "start", "end", "by", "group", "estimated", "totals", "items"], "properties": {"table": {"type": "string"}, "resolution": {"type": "integer"}, "start": {"type": "integer", "format": "int64"}, "end": {"type": "integer", "format": "int64"}, "by": {"type": "string"}, "group": {"type": "string"}, "estimated": {"type": "boolean"}, "totals": {"$ref": "#/components/schemas/FlowCounts"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/FlowTalker"}}}},
              "FlowPoint": {"type": "object", "required": ["start", "bytes", "packets", "flows"], "properties": {"start": {"type": "integer", "format": "int64"}, "bytes": {"type": "integer", "format": "int64"}, "packets": {"type": "integer", "format": "int64"}, "flows": {"type": "integer", "format": "int64"}}},
              "FlowSeries": {"type": "object", "required": ["table", "resolution", "interval", "start", "end", "estimated", "totals", "points"], "properties": {"table": {"type": "string"}, "resolution": {"type": "integer"}, "interval": {"type": "integer"}, "start": {"type": "integer", "format": "int64"}, "end": {"type": "integer", "format": "int64"}, "estimated": {"type": "boolean"}, "totals": {"$ref": "#/components/schemas/FlowCounts"}, "points": {"type": "array", "items": {"$ref": "#/components/schemas/FlowPoint"}}}},
              "FlowCollector": {"type": "object", "required": ["listening", "datagrams", "malformedDatagrams", "flowRecords", "estimatedFlowRecords", "flowRecordsWritten", "minuteRowsWritten", "writeFailures", "expiredRows"], "properties": {"listening": {"type": "string"}, "datagrams": {"type": "integer"}, "malformedDatagrams": {"type": "integer"}, "flowRecords": {"type": "integer"}, "estimatedFlowRecords": {"type": "integer"}, "flowRecordsWritten": {"type": "integer"}, "minuteRowsWritten": {"type": "integer"}, "writeFailures": {"type": "integer"}, "kernelDrops": {"type": "integer"}, "lastFlushAt": {"type": "integer", "format": "int64"}, "lastExpiryAt": {"type": "integer", "format": "int64"}, "expiredRows": {"type": "integer"}}}
            }
          },
          "paths": {
            "/api/v1/flows/top": {"get": {"summary": "Top talkers over a range (by bytes, packets or flows; grouped by pair, VM, host, network, service or endpoint), from the coarsest rollup table that answers it", "parameters": \#(query), "responses": {"200": {"description": "Top talkers", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowTop"}}, "text/csv": {"schema": {"type": "string"}}}}, \#(errors)}}},
            "/api/v1/flows/new": {"get": {"summary": "New talkers: pairs first seen in the range", "parameters": \#(query), "responses": {"200": {"description": "New talkers", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowTop"}}, "text/csv": {"schema": {"type": "string"}}}}, \#(errors)}}},
            "/api/v1/flows/series": {"get": {"summary": "Bytes, packets and flows per interval (chosen from the range), with the same filters", "parameters": \#(query), "responses": {"200": {"description": "Series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowSeries"}}, "text/csv": {"schema": {"type": "string"}}}}, \#(errors)}}},
            "/api/v1/flows/collector": {"get": {"summary": "The flow collector's counters (datagrams, records decoded and written, kernel drops, expiry)", "responses": {"200": {"description": "Collector", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowCollector"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}}
          }
        }
        """#
}

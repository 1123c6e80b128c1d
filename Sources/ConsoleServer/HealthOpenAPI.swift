/// The OpenAPI description of the tap health route (``TapHealth``), merged into ``OpenAPIDocument``.
enum HealthOpenAPI {
    static let json = #"""
        {
          "components": {
            "parameters": {
              "healthStart": {"name": "start", "in": "query", "required": false, "description": "Range start, seconds since 1970 (default: end - 3600)", "schema": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 32503680000}},
              "healthEnd": {"name": "end", "in": "query", "required": false, "description": "Range end (exclusive), seconds since 1970 (default: the second after now)", "schema": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 32503680000}},
              "healthDestination": {"name": "destination", "in": "query", "required": false, "description": "Only this destination in the destination list", "schema": {"type": "string"}}
            },
            "schemas": {
              "HealthCounts": {"type": "object", "required": ["packets", "bytes", "drops", "errors"], "properties": {"packets": {"type": "integer", "format": "int64"}, "bytes": {"type": "integer", "format": "int64"}, "drops": {"type": "integer", "format": "int64"}, "errors": {"type": "integer", "format": "int64"}, "captureDrops": {"type": "integer", "format": "int64"}, "flowsExported": {"type": "integer", "format": "int64"}}},
              "HealthPoint": {"type": "object", "required": ["start", "heartbeats", "elapsedMilliseconds", "counts"], "properties": {"start": {"type": "integer", "format": "int64"}, "heartbeats": {"type": "integer", "format": "int64"}, "elapsedMilliseconds": {"type": "integer", "format": "int64"}, "counts": {"$ref": "#/components/schemas/HealthCounts"}}},
              "HealthDestination": {"type": "object", "required": ["name", "stalled", "totals", "points"], "properties": {"name": {"type": "string"}, "stalled": {"type": "boolean", "description": "The agent is connected and its last stalledAfter heartbeats all reported this destination without a new packet"}, "totals": {"$ref": "#/components/schemas/HealthCounts"}, "points": {"type": "array", "items": {"$ref": "#/components/schemas/HealthPoint"}}}},
              "TapHealth": {"type": "object", "required": ["agentID", "name", "status", "start", "end", "interval", "stalledAfter", "totals", "points", "destinations"], "properties": {"agentID": {"type": "string"}, "name": {"type": "string"}, "status": {"type": "string", "enum": ["enrolled", "connected", "pending", "disconnected"]}, "start": {"type": "integer", "format": "int64"}, "end": {"type": "integer", "format": "int64"}, "interval": {"type": "integer"}, "stalledAfter": {"type": "integer"}, "totals": {"$ref": "#/components/schemas/HealthCounts"}, "points": {"type": "array", "items": {"$ref": "#/components/schemas/HealthPoint"}}, "destinations": {"type": "array", "items": {"$ref": "#/components/schemas/HealthDestination"}}}}
            }
          },
          "paths": {
            "/api/v1/agents/{id}/health": {"get": {"summary": "An agent's tap health from its stored heartbeats: copied packets and bytes, drops and send errors per interval (chosen from the range), per destination with a stalled flag, and capture drops", "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/healthStart"}, {"$ref": "#/components/parameters/healthEnd"}, {"$ref": "#/components/parameters/healthDestination"}], "responses": {"200": {"description": "Tap health", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TapHealth"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}}
          }
        }
        """#
}

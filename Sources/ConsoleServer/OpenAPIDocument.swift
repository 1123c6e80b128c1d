import Foundation

/// The OpenAPI 3.0 description of every route, served at `/api/v1/openapi.json`. A test checks
/// that the router and this document list the same routes, and schemathesis checks the answers.
public enum OpenAPIDocument {
    /// The whole document, flow and tap health routes included, as JSON text.
    public static let json = merging(HealthOpenAPI.json, into: merging(FlowOpenAPI.json, into: coreJSON))

    /// `document` with the paths, schemas and parameters of `part` added (an entry of the same
    /// name in `part` replaces the document's).
    static func merging(_ part: String, into document: String) -> String {
        guard
            var base = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any],
            let added = (try? JSONSerialization.jsonObject(with: Data(part.utf8))) as? [String: Any]
        else { return document }
        var paths = base["paths"] as? [String: Any] ?? [:]
        for (key, value) in added["paths"] as? [String: Any] ?? [:] { paths[key] = value }
        base["paths"] = paths
        var components = base["components"] as? [String: Any] ?? [:]
        for section in ["schemas", "parameters"] {
            var merged = components[section] as? [String: Any] ?? [:]
            for (key, value) in (added["components"] as? [String: Any])?[section] as? [String: Any] ?? [:] {
                merged[key] = value
            }
            components[section] = merged
        }
        base["components"] = components
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: base,
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            )
        else { return document }
        return String(decoding: data, as: UTF8.self)
    }

    /// The document of part 1's routes; ``FlowOpenAPI`` adds the flow routes, ``HealthOpenAPI``
    /// the tap health route.
    static let coreJSON = #"""
        {
          "openapi": "3.0.3",
          "info": {"title": "VirtualTap console", "version": "1.0.0",
            "description": "Reads need a login session or an API token; changes need a session or a write-scoped token. Agents authenticate with their own secret and reach only their own configuration and heartbeat."},
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "session": {"type": "apiKey", "in": "cookie", "name": "vt_session"}},
            "responses": {
              "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NoContent": {"description": "Done"}
            },
            "parameters": {
              "limit": {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
              "before": {"name": "before", "in": "query", "required": false, "schema": {"type": "integer", "format": "int64"}},
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}
            },
            "schemas": {
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}}},
              "Health": {"type": "object", "required": ["status", "database"], "properties": {"status": {"type": "string"}, "database": {"type": "string", "enum": ["sqlite", "postgresql"]}}},
              "Login": {"type": "object", "required": ["name", "password"], "properties": {"name": {"type": "string"}, "password": {"type": "string"}}},
              "Session": {"type": "object", "required": ["token", "expiresAt"], "properties": {"token": {"type": "string"}, "expiresAt": {"type": "integer", "format": "int64"}}},
              "Me": {"type": "object", "required": ["identity", "canWrite"], "properties": {"identity": {"type": "string"}, "canWrite": {"type": "boolean"}}},
              "NewUser": {"type": "object", "required": ["name", "password"], "properties": {"name": {"type": "string"}, "password": {"type": "string"}}},
              "User": {"type": "object", "required": ["id", "name", "createdAt"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "createdAt": {"type": "integer", "format": "int64"}}},
              "Users": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}},
              "Scope": {"type": "string", "enum": ["read", "write"]},
              "NewToken": {"type": "object", "required": ["name", "scope"], "properties": {"name": {"type": "string"}, "scope": {"$ref": "#/components/schemas/Scope"}}},
              "Token": {"type": "object", "required": ["id", "name", "scope", "createdBy", "createdAt"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "scope": {"$ref": "#/components/schemas/Scope"}, "createdBy": {"type": "string"}, "createdAt": {"type": "integer", "format": "int64"}, "revokedAt": {"type": "integer", "format": "int64"}, "token": {"type": "string", "description": "The secret; only when created"}}},
              "Tokens": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Token"}}}},
              "NewEnrollmentToken": {"type": "object", "properties": {"reusable": {"type": "boolean"}, "expiresInSeconds": {"type": "number"}}},
              "EnrollmentToken": {"type": "object", "required": ["id", "reusable", "uses", "createdBy", "createdAt"], "properties": {"id": {"type": "string"}, "reusable": {"type": "boolean"}, "uses": {"type": "integer", "format": "int64"}, "createdBy": {"type": "string"}, "createdAt": {"type": "integer", "format": "int64"}, "expiresAt": {"type": "integer", "format": "int64"}, "token": {"type": "string"}}},
              "EnrollmentTokens": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/EnrollmentToken"}}}},
              "Enrollment": {"type": "object", "required": ["enrollmentToken", "name"], "properties": {"enrollmentToken": {"type": "string"}, "name": {"type": "string"}}},
              "AgentCredential": {"type": "object", "required": ["agentID", "secret"], "properties": {"agentID": {"type": "string"}, "secret": {"type": "string"}}},
              "HeartbeatDestination": {"type": "object", "required": ["name", "packets", "bytes", "drops", "errors"], "properties": {"name": {"type": "string"}, "packets": {"type": "integer", "minimum": 0}, "bytes": {"type": "integer", "minimum": 0}, "drops": {"type": "integer", "minimum": 0}, "errors": {"type": "integer", "minimum": 0}}},
              "Heartbeat": {"type": "object", "required": ["destinations", "captureDrops", "interfaces", "flowsExported"], "properties": {"appliedRevision": {"type": "string"}, "destinations": {"type": "array", "items": {"$ref": "#/components/schemas/HeartbeatDestination"}}, "captureDrops": {"type": "integer", "minimum": 0}, "interfaces": {"type": "array", "items": {"type": "string"}}, "flowsExported": {"type": "integer", "minimum": 0}}},
              "Agent": {"type": "object", "required": ["id", "name", "enrolledAt", "enrolledFrom", "status"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "enrolledAt": {"type": "integer", "format": "int64"}, "enrolledFrom": {"type": "string"}, "lastHeartbeatAt": {"type": "integer", "format": "int64"}, "appliedRevision": {"type": "string"}, "status": {"type": "string", "enum": ["enrolled", "connected", "pending", "disconnected"]}, "report": {"$ref": "#/components/schemas/Heartbeat"}}},
              "Agents": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Agent"}}}},
              "BundleDestination": {"type": "object", "required": ["name", "address", "encapsulation"], "properties": {"name": {"type": "string"}, "address": {"type": "string"}, "encapsulation": {"type": "string"}}},
              "ConfigBundle": {"type": "object", "required": ["revision", "agentID", "inventory", "destinations", "heartbeatIntervalSeconds"], "properties": {"revision": {"type": "string"}, "agentID": {"type": "string"}, "policyRevision": {"type": "integer", "format": "int64"}, "policy": {"type": "string"}, "inventory": {"type": "string", "description": "Inventory file format, JSON"}, "destinations": {"type": "array", "items": {"$ref": "#/components/schemas/BundleDestination"}}, "flowExport": {"type": "string"}, "heartbeatIntervalSeconds": {"type": "number"}}},
              "NewPolicy": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "comment": {"type": "string"}}},
              "PolicyText": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
              "PolicyRevision": {"type": "object", "required": ["id", "author", "createdAt", "comment"], "properties": {"id": {"type": "integer", "format": "int64"}, "author": {"type": "string"}, "createdAt": {"type": "integer", "format": "int64"}, "comment": {"type": "string"}, "text": {"type": "string"}}},
              "PolicyRevisions": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/PolicyRevision"}}}},
              "Validation": {"type": "object", "required": ["valid", "destinations", "rules"], "properties": {"valid": {"type": "boolean"}, "destinations": {"type": "integer"}, "rules": {"type": "integer"}}},
              "DryRunRule": {"type": "object", "required": ["rule", "action", "destinations", "partial"], "properties": {"rule": {"type": "string"}, "action": {"type": "string", "enum": ["send", "ignore"]}, "destinations": {"type": "array", "items": {"type": "string"}}, "partial": {"type": "boolean"}}},
              "DryRunNIC": {"type": "object", "required": ["vm", "mac", "rules", "destinations", "tapped"], "properties": {"vm": {"type": "string"}, "host": {"type": "string"}, "mac": {"type": "string"}, "interface": {"type": "string"}, "rules": {"type": "array", "items": {"$ref": "#/components/schemas/DryRunRule"}}, "destinations": {"type": "array", "items": {"type": "string"}}, "tapped": {"type": "boolean"}}},
              "DryRun": {"type": "object", "required": ["nics", "tappedNICs", "tappedVMs"], "properties": {"nics": {"type": "array", "items": {"$ref": "#/components/schemas/DryRunNIC"}}, "tappedNICs": {"type": "integer"}, "tappedVMs": {"type": "integer"}}},
              "Inventory": {"type": "object", "required": ["hosts", "networks", "vms"], "properties": {"hosts": {"type": "array", "items": {"type": "object"}}, "networks": {"type": "array", "items": {"type": "object"}}, "vms": {"type": "array", "items": {"type": "object"}}}},
              "InventoryEvent": {"type": "object", "required": ["id", "at", "source", "kind", "detail"], "properties": {"id": {"type": "integer", "format": "int64"}, "at": {"type": "integer", "format": "int64"}, "source": {"type": "string"}, "kind": {"type": "string"}, "vm": {"type": "string"}, "fromHost": {"type": "string"}, "toHost": {"type": "string"}, "detail": {"type": "string"}}},
              "InventoryEvents": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/InventoryEvent"}}}},
              "AuditEntry": {"type": "object", "required": ["id", "at", "actor", "action", "target", "remote", "detail"], "properties": {"id": {"type": "integer", "format": "int64"}, "at": {"type": "integer", "format": "int64"}, "actor": {"type": "string"}, "action": {"type": "string"}, "target": {"type": "string"}, "remote": {"type": "string"}, "detail": {"type": "string"}}},
              "AuditLog": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}
            }
          },
          "security": [{"bearer": []}, {"session": []}],
          "paths": {
            "/healthz": {"get": {"summary": "Liveness and the database engine", "security": [], "responses": {"200": {"description": "Healthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}, "500": {"$ref": "#/components/responses/Error"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "security": [], "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/api/v1/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.0", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/v1/auth/login": {"post": {"summary": "Open a login session (also set as the vt_session cookie)", "security": [], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Login"}}}}, "responses": {"200": {"description": "Session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/auth/logout": {"post": {"summary": "Close the caller's login session", "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/me": {"get": {"summary": "Who the caller is", "responses": {"200": {"description": "Identity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/users": {
              "get": {"summary": "Administrators", "responses": {"200": {"description": "Users", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Users"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Add an administrator (write)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUser"}}}}, "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/tokens": {
              "get": {"summary": "API tokens (without secrets)", "responses": {"200": {"description": "Tokens", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tokens"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Create an API token (write); the secret is in this answer only", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewToken"}}}}, "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/tokens/{id}": {"delete": {"summary": "Revoke an API token (write)", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/enrollment-tokens": {
              "get": {"summary": "Enrollment tokens (without secrets)", "responses": {"200": {"description": "Tokens", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EnrollmentTokens"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Create an enrollment token (write)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewEnrollmentToken"}}}}, "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EnrollmentToken"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/agents/enroll": {"post": {"summary": "Exchange an enrollment token for an agent credential", "security": [], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Enrollment"}}}}, "responses": {"201": {"description": "Enrolled", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgentCredential"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/agents": {"get": {"summary": "Agents with status from heartbeats", "responses": {"200": {"description": "Agents", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agents"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/agents/{id}/config": {"get": {"summary": "An agent's configuration bundle (the agent itself, or a reader)", "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "If-None-Match", "in": "header", "required": false, "schema": {"type": "string"}}], "responses": {"200": {"description": "Bundle", "headers": {"ETag": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConfigBundle"}}}}, "304": {"description": "Not modified"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/agents/{id}/heartbeat": {"post": {"summary": "An agent's heartbeat (the agent itself only)", "parameters": [{"$ref": "#/components/parameters/id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Heartbeat"}}}}, "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/policy": {"get": {"summary": "The current policy revision with its text", "responses": {"200": {"description": "Current", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyRevision"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/policy/revisions": {
              "get": {"summary": "Policy revisions, newest first (without text)", "parameters": [{"$ref": "#/components/parameters/limit"}], "responses": {"200": {"description": "Revisions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyRevisions"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Submit a policy revision (write); an invalid text is refused with line and column", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPolicy"}}}}, "responses": {"201": {"description": "Now current", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyRevision"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/policy/revisions/{id}": {"get": {"summary": "One revision with its text", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "Revision", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyRevision"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/policy/validate": {"post": {"summary": "Validate policy text (changes nothing)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyText"}}}}, "responses": {"200": {"description": "Valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Validation"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/policy/dry-run": {"post": {"summary": "Which VMs and NICs a policy text would tap, to which destinations, against the current inventory", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PolicyText"}}}}, "responses": {"200": {"description": "Dry run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DryRun"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/inventory": {"get": {"summary": "The estate (inventory file format)", "responses": {"200": {"description": "Estate", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Inventory"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/inventory/events": {"get": {"summary": "Inventory changes, newest first", "parameters": [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/before"}], "responses": {"200": {"description": "Events", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InventoryEvents"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/audit": {"get": {"summary": "The audit log, newest first", "parameters": [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/before"}], "responses": {"200": {"description": "Entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditLog"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}}
          }
        }
        """#
}

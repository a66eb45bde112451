import Hummingbird
import NotifCore

/// Versions of a schema and validation against the latest one (api-spec §5.10).
enum SchemaVersionRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let repository = server.database.schemas

        routes.on(.post, "/schemas/{name}/versions") { request, context in
            let key = try context.requireAuth()
            let (schema, _) = try await SchemaRoutes.existing(context, key, repository)
            var new = try SchemaRequest.newVersion(JSONFields(try await request.jsonObject()))
            new.createdBy = key.actor
            let version: SchemaVersion
            do {
                version = try await repository.addVersion(to: schema, new) { previous in
                    guard let previous, new.compatibility != .none else { return }
                    let problems = SchemaCompatibilityCheck.problems(previous: previous, new: new.document,
                                                                     examples: new.examples, mode: new.compatibility)
                    if !problems.isEmpty { throw SchemaJSON.incompatible(new.compatibility, previous: previous, problems) }
                }
            } catch let error as APIError {
                throw error
            } catch is SchemaRepository.DuplicateVersion {
                throw APIError(.conflict, "version \(new.version) already exists")
            } catch {
                context.logger.error("schema version insert failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to create schema version")
            }
            server.schemas.invalidate(orgID: key.orgID, projectID: key.projectID)
            server.audit("schema.version", context, target: schema.name, detail: [
                "version": .string(version.version), "fingerprint": .string(version.fingerprint),
                "compatibility": .string(version.compatibility.rawValue),
            ])
            return .json(SchemaJSON.version(version), status: .created)
        }

        routes.on(.get, "/schemas/{name}/versions") { _, context in
            let key = try context.requireAuth()
            let (schema, _) = try await SchemaRoutes.existing(context, key, repository)
            let versions: [SchemaVersion]
            do {
                versions = try await repository.versions(schemaID: schema.id)
            } catch {
                throw APIError.internalError("failed to list versions")
            }
            return .json(.object(["versions": .array(versions.map(SchemaJSON.version)), "count": .int(versions.count)]))
        }

        routes.on(.get, "/schemas/{name}/versions/{version}") { _, context in
            let key = try context.requireAuth()
            let (schema, _) = try await SchemaRoutes.existing(context, key, repository)
            let found: SchemaVersion?
            do {
                found = try await repository.version(schemaID: schema.id, version: context.parameters.get("version") ?? "")
            } catch {
                throw APIError.internalError("failed to get version")
            }
            guard let found else { throw APIError.notFound("version not found") }
            return .json(SchemaJSON.version(found))
        }

        routes.on(.post, "/schemas/{name}/validate") { request, context in
            let key = try context.requireAuth()
            let (schema, latest) = try await SchemaRoutes.existing(context, key, repository)
            guard let data = JSONFields(try await request.jsonObject()).value("data") else {
                throw APIError.badRequest("data is required")
            }
            guard let latest else { throw APIError(.conflict, "schema \(schema.name) has no versions yet") }
            guard let compiled = server.schemas.compiled(latest) else {
                throw APIError.internalError("validation failed")
            }
            let violations = compiled.validate(data)
            let report = SchemaViolationReport(schemaName: schema.name, version: latest.version, violations: violations)
            return .json(.object([
                "valid": .bool(violations.isEmpty),
                "errors": violations.isEmpty ? JSONValue?.none : report.violationsJSON,
                "schema": .string(schema.name),
                "version": .string(latest.version),
            ]))
        }
    }
}

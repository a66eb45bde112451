import Hummingbird
import NotifCore

/// Project management for admin keys, scoped to their org (api-spec §5.12).
enum ProjectRoutes {
    static let slugRule = "slug must be lowercase alphanumeric with hyphens only"

    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.post, "/projects") { request, context in
            let caller = try context.requireAdmin()
            let fields = JSONFields(try await request.jsonObject())
            guard let name = try fields.string("name"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("name is required")
            }
            guard name.count <= 255 else { throw APIError.badRequest("name is too long, max 255 characters") }
            let slug = try fields.string("slug").flatMap { $0.isEmpty ? nil : $0 } ?? Project.slug(fromName: name)
            guard Project.isValidSlug(slug) else { throw APIError.badRequest(slugRule) }
            do {
                let project = try await server.database.projects.create(orgID: caller.orgID, name: name, slug: slug)
                server.audit("project.create", context, target: project.id, detail: ["name": .string(name), "slug": .string(slug)])
                return .json(json(project), status: .created)
            } catch ProjectRepository.ProjectError.duplicateSlug {
                throw APIError(.conflict, "project with this slug already exists")
            } catch {
                throw APIError.internalError("failed to create project")
            }
        }

        routes.on(.get, "/projects") { _, context in
            let caller = try context.requireAdmin()
            let projects: [Project]
            do {
                projects = try await server.database.projects.list(orgID: caller.orgID)
            } catch {
                throw APIError.internalError("failed to list projects")
            }
            return .json(.object(["projects": .array(projects.map(json)), "count": .int(projects.count)]))
        }

        routes.on(.get, "/projects/{id}") { _, context in
            let caller = try context.requireAdmin()
            guard let id = context.parameters.get("id"),
                  let project = try await server.database.projects.find(orgID: caller.orgID, id: id) else {
                throw APIError.notFound("project not found")
            }
            return .json(json(project))
        }

        routes.on(.put, "/projects/{id}") { request, context in
            let caller = try context.requireAdmin()
            let id = context.parameters.get("id") ?? ""
            let fields = JSONFields(try await request.jsonObject())
            let name = try fields.string("name").flatMap { $0.isEmpty ? nil : $0 }
            let slug = try fields.string("slug").flatMap { $0.isEmpty ? nil : $0 }
            if let slug, !Project.isValidSlug(slug) { throw APIError.badRequest(slugRule) }
            if let name, name.count > 255 { throw APIError.badRequest("name is too long, max 255 characters") }
            if slug != nil, let current = try await server.database.projects.find(orgID: caller.orgID, id: id),
               current.slug == "default", slug != "default" {
                throw APIError.badRequest("cannot change the slug of the default project")
            }
            do {
                guard let project = try await server.database.projects.update(orgID: caller.orgID, id: id, name: name, slug: slug) else {
                    throw APIError.notFound("project not found")
                }
                server.audit("project.update", context, target: project.id, detail: .object([
                    "name": name.map { .string($0) }, "slug": slug.map { .string($0) },
                ]))
                return .json(json(project))
            } catch ProjectRepository.ProjectError.duplicateSlug {
                throw APIError(.conflict, "project with this slug already exists")
            }
        }

        routes.on(.delete, "/projects/{id}") { _, context in
            let caller = try context.requireAdmin()
            let id = context.parameters.get("id") ?? ""
            guard let project = try await server.database.projects.find(orgID: caller.orgID, id: id) else {
                throw APIError.notFound("project not found")
            }
            if project.slug == "default" { throw APIError.badRequest("cannot delete default project") }
            if project.id == caller.projectID {
                throw APIError.badRequest("cannot delete the project of the key used for this request")
            }
            do {
                _ = try await server.database.projects.delete(orgID: caller.orgID, id: id)
            } catch {
                throw APIError.internalError("failed to delete project")
            }
            server.audit("project.delete", context, target: project.id, detail: ["slug": .string(project.slug)])
            return .json(.object(["status": "deleted"]))
        }
    }

    static func json(_ project: Project) -> JSONValue {
        .object([
            "id": .string(project.id),
            "org_id": .string(project.orgID),
            "name": .string(project.name),
            "slug": .string(project.slug),
            "created_at": .string(project.createdAt.rfc3339Seconds),
            "updated_at": .string(project.updatedAt.rfc3339Seconds),
        ])
    }
}

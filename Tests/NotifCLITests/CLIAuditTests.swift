import Foundation
import NotifCore
import NotifTesting
import Testing

/// `notif audit` and `notif audit verify` against the in-process server.
@Suite(.timeLimit(.minutes(2))) struct CLIAuditTests {
    @Test func listFollowAndVerify() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        #expect(try await cli.run(["emit", "audit.cli", "{}"]).status == 0)
        let listed = await eventuallyValue { () -> [JSONValue]? in
            guard let result = try? await cli.run(["audit", "--json"]), result.status == 0,
                  let array = try? JSONValue.parse(Array(result.stdout.utf8)).arrayValue, !array.isEmpty else { return nil }
            return array
        }
        #expect(listed?.first?["action"] == "event.emit" && listed?.first?["target"] == "audit.cli", "\(String(describing: listed))")

        let human = try await cli.run(["audit", "--action", "event.*", "--since", "1h"])
        #expect(human.status == 0 && human.stdout.contains("event.emit") && human.stdout.contains("Target: audit.cli"), "\(human)")
        let verify = try await cli.run(["audit", "verify"])
        #expect(verify.status == 0 && verify.stdout.contains("Audit chain intact"), "\(verify)")
        let foreign = try await cli.run(["audit", "--org", "org_someone_else"])
        #expect(foreign.status == 1 && foreign.stderr.contains("not accessible"), "\(foreign)")

        let following = try cli.start(["audit", "--follow", "--json"])
        #expect(await eventually(timeout: .seconds(20)) { following.standardOutput.contains("audit.cli") })
        #expect(try await cli.run(["emit", "audit.followed", "{}"]).status == 0)
        #expect(await eventually(timeout: .seconds(20)) { following.standardOutput.contains("audit.followed") })
        following.interrupt()
        #expect(try await following.wait(timeout: .seconds(20)).status == 130)
    }
}

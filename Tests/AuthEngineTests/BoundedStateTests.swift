import Testing
@testable import AuthEngine

/// What a server keeps per request stays bounded: a live client flooding an endpoint makes
/// it forget the oldest records, never run out of memory; below the limit nothing changes.
@Suite struct RecentRecordsTests {
    @Test func theOldestGoPastTheLimitAndAnUpdateIsNotNew() {
        var records = RecentRecords<String, Int>(limit: 3)
        for (i, key) in ["a", "b", "c"].enumerated() { records[key] = i }
        records["a"] = 10 // an update: "a" keeps its place, nothing goes
        #expect(records.count == 3 && records.forgotten == 0 && records["a"] == 10)
        records["d"] = 3
        #expect(records["a"] == nil && records["b"] == 1 && records["d"] == 3 && records.forgotten == 1)
        // A key removed by hand is skipped when its turn comes: "c" is next to go, not "d".
        records.removeValue(forKey: "b")
        records["e"] = 4
        records["f"] = 5
        #expect(Set(records.keys) == ["d", "e", "f"] && records.forgotten == 2)
        records["g", default: 0] += 7
        #expect(Set(records.keys) == ["e", "f", "g"] && records["g"] == 7)
    }

    @Test func manyRemovalsDoNotDisturbTheOrder() {
        var records = RecentRecords<Int, Int>(limit: 100)
        for i in 0..<99 { records[i] = i }
        // Consents opened and answered at once: many keys come and go in between.
        for i in 1000..<11_000 {
            records[i] = i
            records.removeValue(forKey: i)
        }
        #expect(records.count == 99 && records.forgotten == 0)
        records[-1] = -1
        records[-2] = -2
        #expect(records[0] == nil && records[1] == 1 && records[-1] == -1 && records[-2] == -2, "the oldest kept record goes first")
        records.removeAll { key, _ in key.isMultiple(of: 2) }
        #expect(records.count == 50 && records.allSatisfy { !$0.key.isMultiple(of: 2) })
    }
}

@Suite struct FloodedServerTests {
    /// `GET /oauth/authorize` from anyone keeps a consent in progress: 25,000 of them leave
    /// the platform with its limit, and the newest still completes.
    @Test func anAuthorizationFloodKeepsTheNewestConsents() throws {
        let sim = Simulation { _ in }
        let server = sim.oauth.authorizationServer
        let client = server.register(name: "Flood", redirectURIs: ["https://flood.example/cb"], scopes: ["profile"], requiresPKCE: false)
        var tickets: [String] = []
        for _ in 0..<25_000 {
            let query = URLQuery.encode([("response_type", "code"), ("client_id", client.appID), ("redirect_uri", "https://flood.example/cb"), ("scope", "profile")])
            let page = sim.network.deliver(HTTPRequest(method: "GET", path: "/oauth/authorize?" + query), from: Party("peer 127.0.0.1:1"), to: .platform)
            tickets.append(try #require(page.body?["consent_ticket"]?.stringValue))
        }
        #expect(server.pendingConsent.count == RecordLimit.standard && server.pendingConsent.forgotten == 15_000)
        func consent(_ ticket: String) -> HTTPResponse {
            sim.network.deliver(HTTPRequest(method: "POST", path: "/oauth/consent", body: ["consent_ticket": .string(ticket), "decision": "approve"]),
                                from: Party("peer 127.0.0.1:1"), to: .platform)
        }
        #expect(consent(tickets.last!).status == 302)
        #expect(consent(tickets.first!).status == 400, "the oldest consent was forgotten")
    }

    /// Logins flooding the token flow: the server forgets the oldest refresh families (their
    /// long tokens are then refused), keeps the newest working.
    @Test func aLoginFloodKeepsTheNewestFamilies() throws {
        let sim = Simulation { _ in }
        var longs: [String] = []
        for _ in 0..<(RecordLimit.standard + 500) {
            let answer = sim.network.deliver(HTTPRequest(method: "POST", path: "/auth/login", body: ["username": "alice", "password": "wonderland"]),
                                             from: Party("peer 127.0.0.1:1"), to: .server)
            longs.append(try #require(answer.body?["refresh_token"]?.stringValue))
        }
        func refresh(_ long: String) -> HTTPResponse {
            sim.network.deliver(HTTPRequest(method: "POST", path: "/auth/refresh", body: ["refresh_token": .string(long)]), from: Party("peer 127.0.0.1:1"), to: .server)
        }
        #expect(refresh(longs.last!).status == 200)
        #expect(refresh(longs.first!).status == 401, "the oldest family was forgotten")
    }

    /// The session store: a key past its TTL reads as gone at once, though it is swept
    /// only now and then; a flood of sessions leaves the store at its limit.
    @Test func theSessionStoreExpiresOnReadAndStaysBounded() throws {
        let sim = Simulation { _ in }
        let store = sim.store
        try store.set("k", "v", ttl: .seconds(10), from: .client)
        sim.clock.advance(by: .seconds(10))
        #expect(try store.get("k", from: .client) == nil)
        #expect(try store.delete("k", from: .client) == false)
        for i in 0..<(RecordLimit.standard + 10) { try store.set("sess:\(i)", "x", ttl: .minutes(30), from: .client) }
        #expect(store.keys(prefix: "sess:").count == RecordLimit.standard)
        #expect(store.value("sess:0") == nil && store.value("sess:\(RecordLimit.standard + 9)") == "x")
    }
}

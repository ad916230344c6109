import AuthEngine

/// The session design over real HTTP, under `/session/`: the same cluster as tab 4, its
/// session id in a real cookie that a browser or a cookie jar keeps and sends back.
extension LiveGateway {
    func sessions(_ request: LiveRequest) -> LiveResponse {
        _ = world.sessionClient // registers the balancer in front of the cluster
        var forwarded = request
        forwarded.target = String(request.target.dropFirst("/session".count))
        var answer = deliver(forwarded, to: SessionClient.balancer)
        // Plain http: a `Secure` cookie would never come back; scope it to these routes.
        answer.headers.mapValues { name, value in
            guard name.lowercased() == "set-cookie" else { return value }
            let parts = value.split(separator: ";").map { $0.trimmingSpaces }.filter { $0.lowercased() != "secure" }
            return (parts + ["Path=/session"]).joined(separator: "; ")
        }
        if forwarded.path == "/auth/logout", answer.status == 200 {
            answer.headers.append("Set-Cookie", "\(SessionCluster.cookieName)=; Max-Age=0; Path=/session; HttpOnly; SameSite=Lax")
        }
        return answer
    }
}

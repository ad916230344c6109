/// Where each party would live on a real network: exports that need full URLs (HAR)
/// put the receiving party's origin in front of the request's path. The one place the
/// playground's parties get host names.
public enum PartyOrigins {
    static let known: [Party: String] = [
        .client: "https://app.example",
        .server: "https://tokens.example",
        .attacker: "https://attacker.example",
        .browser: "https://browser.example",
        .app: "https://analytics.example",
        .appBackend: "https://backend.analytics.example",
        .platform: "https://platform.example",
        .platformAPI: "https://api.platform.example",
        SessionClient.party: "https://app.example",
        SessionClient.balancer: "https://sessions.example",
        .wechat: "https://api.weixin.qq.com",
        .component: "https://component.example",
        .merchant: "https://merchant.example",
    ]

    /// The origin of a party; one not listed gets `https://NAME.example`.
    public static func origin(of party: Party) -> String {
        known[party] ?? "https://\(party.name).example"
    }
}

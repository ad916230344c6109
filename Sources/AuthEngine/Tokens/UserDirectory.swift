/// A user the token server knows. `name` and `roles` can change server-side,
/// which is how the playground shows short-token claims going stale.
public struct UserAccount: Hashable, Sendable {
    public let id: String
    public let username: String
    public var password: String
    public var name: String
    public var roles: [String]
}

public struct UserDirectory: Sendable {
    public private(set) var accounts: [UserAccount] = []

    public init() {}

    public static let standard: UserDirectory = {
        var d = UserDirectory()
        d.add(username: "alice", password: "wonderland", name: "Alice", roles: ["user"])
        d.add(username: "bob", password: "builder", name: "Bob", roles: ["user", "admin"])
        return d
    }()

    @discardableResult
    public mutating func add(username: String, password: String, name: String, roles: [String]) -> UserAccount {
        let account = UserAccount(id: String(1001 + accounts.count), username: username, password: password, name: name, roles: roles)
        accounts.append(account)
        return account
    }

    public func account(username: String) -> UserAccount? { accounts.first { $0.username == username } }
    public func account(id: String) -> UserAccount? { accounts.first { $0.id == id } }

    public mutating func update(username: String, _ change: (inout UserAccount) -> Void) -> Bool {
        guard let i = accounts.firstIndex(where: { $0.username == username }) else { return false }
        change(&accounts[i])
        return true
    }
}

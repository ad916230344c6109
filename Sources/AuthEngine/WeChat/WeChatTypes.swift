/// The parties of the WeChat Open Platform third-party (component) flow.
extension Party {
    /// WeChat Open Platform: pushes, `cgi-bin/component/*`, the authorization page, authorizer APIs.
    public static let wechat = Party("wechat")
    /// The third-party platform (the component): its push callback and its client.
    public static let component = Party("component")
    /// The merchant (an official account or mini program) authorizing in a browser.
    public static let merchant = Party("merchant")
}

/// WeChat's errors: `errcode` and `errmsg` in a 200 JSON body, as the real API answers.
public enum WeChatError: Int, Sendable, CaseIterable {
    case invalidCredential = 40001
    case invalidAppID = 40013
    case invalidParameter = 40097
    case missingAccessToken = 41001
    case accessTokenExpired = 42001
    case apiUnauthorized = 48001
    case componentTicketExpired = 61005
    case componentTicketInvalid = 61006
    case authorizationCodeInvalid = 61009
    case authorizationCodeExpired = 61010
    case notAuthorizedByAccount = 61003
    case refreshTokenInvalid = 61023
    case invalidAppSecret = 40125

    public var message: String {
        switch self {
        case .invalidCredential: return "invalid credential, access_token is invalid or not latest"
        case .invalidAppID: return "invalid appid"
        case .invalidParameter: return "invalid args"
        case .notAuthorizedByAccount: return "component is not authorized by this account"
        case .missingAccessToken: return "access_token missing"
        case .accessTokenExpired: return "access_token expired"
        case .apiUnauthorized: return "api unauthorized"
        case .componentTicketExpired: return "component_verify_ticket expired"
        case .componentTicketInvalid: return "component_verify_ticket invalid"
        case .authorizationCodeInvalid: return "authorization_code invalid"
        case .authorizationCodeExpired: return "authorization_code expired"
        case .refreshTokenInvalid: return "authorizer_refresh_token invalid"
        case .invalidAppSecret: return "invalid appsecret"
        }
    }

    var response: HTTPResponse {
        HTTPResponse(status: 200, body: ["errcode": .int(Int64(rawValue)), "errmsg": .string(message)])
    }
}

extension HTTPResponse {
    /// WeChat's `errcode` (0 or absent on success).
    public var wechatErrcode: Int? {
        guard let code = body?["errcode"]?.intValue, code != 0 else { return nil }
        return Int(code)
    }
}

/// The platform's timings (WeChat's, with the documented pre_auth_code caveat).
public struct WeChatPolicy: Sendable {
    public var pushInterval: Span = .minutes(10)
    public var ticketLifetime: Span = .hours(12)
    public var componentTokenLifetime: Span = .hours(2)
    /// 600 s, as the official sample says; the official text says 1800 s.
    public var preAuthCodeLifetime: Span = .seconds(600)
    public var authCodeLifetime: Span = .seconds(600)
    public var authorizerTokenLifetime: Span = .hours(2)
    /// How long before expiry the component's client renews a cached token (WxJava: 200 s).
    public var refreshMargin: Span = .seconds(200)

    public init() {}
}

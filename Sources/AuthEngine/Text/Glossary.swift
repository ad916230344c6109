/// The playground's vocabulary in each language: the one list every catalog takes its
/// words from (the playground's messages, the pages live mode serves), so a term reads the
/// same everywhere. The Chinese terms are those of the material the playground teaches (短token / 长token, 拦截器, 刷新, 授权码, 第三方平台…).
public enum Term: CaseIterable, Hashable, Sendable {
    case shortToken, longToken, token, interceptor, refresh, loginState, authorizationCode
    case thirdPartyPlatform, accessToken, refreshToken, idToken, attacker, client, server
    case session, signature, expiry, revoke, redirectURI, consent, platform, app, user
    case key, scope, resourceServer, deviceCode, userCode, clock, scenario, narration, log, claims, login, logout

    public var en: String {
        switch self {
        case .shortToken: return "short token"
        case .longToken: return "long token"
        case .token: return "token"
        case .interceptor: return "interceptor"
        case .refresh: return "refresh"
        case .loginState: return "login state"
        case .authorizationCode: return "authorization code"
        case .thirdPartyPlatform: return "third-party platform"
        case .accessToken: return "access token"
        case .refreshToken: return "refresh token"
        case .idToken: return "ID token"
        case .attacker: return "attacker"
        case .client: return "client"
        case .server: return "server"
        case .session: return "session"
        case .signature: return "signature"
        case .expiry: return "expiry"
        case .revoke: return "revoke"
        case .redirectURI: return "redirect_uri"
        case .consent: return "consent"
        case .platform: return "platform"
        case .app: return "app"
        case .user: return "user"
        case .key: return "key"
        case .scope: return "scope"
        case .resourceServer: return "resource server"
        case .deviceCode: return "device code"
        case .userCode: return "user code"
        case .clock: return "clock"
        case .scenario: return "script"
        case .narration: return "narration"
        case .log: return "log"
        case .claims: return "claims"
        case .login: return "log in"
        case .logout: return "log out"
        }
    }

    public var zh: String {
        switch self {
        case .shortToken: return "短token"
        case .longToken: return "长token"
        case .token: return "令牌"
        case .interceptor: return "拦截器"
        case .refresh: return "刷新"
        case .loginState: return "登录状态"
        case .authorizationCode: return "授权码"
        case .thirdPartyPlatform: return "第三方平台"
        case .accessToken: return "访问令牌"
        case .refreshToken: return "刷新令牌"
        case .idToken: return "ID 令牌"
        case .attacker: return "攻击者"
        case .client: return "客户端"
        case .server: return "服务器"
        case .session: return "会话"
        case .signature: return "签名"
        case .expiry: return "过期"
        case .revoke: return "吊销"
        case .redirectURI: return "回调地址"
        case .consent: return "授权页面"
        case .platform: return "平台"
        case .app: return "第三方应用"
        case .user: return "用户"
        case .key: return "密钥"
        case .scope: return "权限范围"
        case .resourceServer: return "资源服务器"
        case .deviceCode: return "设备码"
        case .userCode: return "用户码"
        case .clock: return "时钟"
        case .scenario: return "脚本"
        case .narration: return "解说"
        case .log: return "日志"
        case .claims: return "声明"
        case .login: return "登录"
        case .logout: return "登出"
        }
    }
}

/// Why a page a person opens in a browser is refused where it stands rather than redirected:
/// the authorization page when the client or its redirect URI cannot be trusted, the device
/// verification page, WeChat's authorization page. The engine words it in English (the
/// answer's `error_description`); `Text/RefusalWords.swift` words the same value in Chinese,
/// so a page can explain it in the browser's language.
public enum PageRefusal: Hashable, Sendable, CustomStringConvertible {
    /// RFC 6749 §3.1: a parameter given twice (which client_id would be meant?).
    case repeatedParameter(String)
    case unknownClient
    case unregisteredRedirect(uri: String?, client: String)
    /// The code typed on the device page (nil: a form without one) matches no waiting device.
    case noDeviceWaiting(code: String?)
    case codeAlreadyAnswered
    /// The `component_appid` the link names (nil: none) is not this platform's component.
    case unknownComponent(String?)
    case invalidPreAuthCode
    /// nil: the code is unknown, used or expired (the confirm form cannot tell which).
    case preAuthCodeExpired(at: Instant?)
    case exclusiveParameters(String, String)

    public var description: String {
        switch self {
        case .repeatedParameter(let name): return "\(name) is given more than once (RFC 6749 §3.1): this page does not redirect"
        case .unknownClient: return "unknown client_id: this page does not redirect"
        case .unregisteredRedirect(let uri, let client): return "redirect_uri \(uri ?? "(missing)") is not registered for \(client): the platform will not redirect there"
        case .noDeviceWaiting(let code?): return "no device is waiting for code \(code): check it, or start again on the device"
        case .noDeviceWaiting(nil): return "no device is waiting for this code"
        case .codeAlreadyAnswered: return "this code was already answered"
        case .unknownComponent(let appID): return "component_appid \(appID ?? "(missing)") is not a third-party platform WeChat knows"
        case .invalidPreAuthCode: return "pre_auth_code is invalid: the page cannot be opened"
        case .preAuthCodeExpired(let at?): return "pre_auth_code expired at \(at.iso8601): ask the component for a new link"
        case .preAuthCodeExpired(nil): return "the pre_auth_code is no longer valid"
        case .exclusiveParameters(let a, let b): return "\(a) and \(b) are exclusive"
        }
    }
}

extension HTTPResponse {
    /// An error answer for a page refused where it stands: the code, the refusal's English as
    /// `error_description`, and the refusal itself for whoever renders the page.
    static func refused(_ status: Int, _ code: String, _ refusal: PageRefusal) -> HTTPResponse {
        var response = error(status, code, refusal.description)
        response.refusal = refusal
        return response
    }
}

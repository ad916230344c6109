import AuthEngine
import AuthLive

/// Which tab's flow a log entry belongs to: each tab's log shows its own flow (clock jumps
/// and resets belong to all), and `*` shows every flow's entries.
enum LogScope {
    /// `live`: the gateway, which says where each real client's exchange was routed.
    static func tabs(of entry: LogEntry, live: LiveGateway?) -> Set<Tab>? {
        func of(_ party: Party) -> Tab? {
            switch party {
            case .client, .server, .attacker: return .tokens
            case .browser, .app, .appBackend, .platform, .platformAPI: return .oauth
            case .wechat, .component, .merchant: return .wechat
            case .device, .phone: return .device
            default:
                if party.name.hasPrefix("jwt-app") { return .tokens }
                if party.name.hasPrefix("peer ") { return nil } // a live client: the tab of whom it talks to
                if party.name == "live demo app" { return .oauth }
                return .compare // session client, balancer, app servers, the store
            }
        }
        switch entry.event {
        case .request(let id, let from, let to, _), .response(let id, let from, let to, _, _, _), .responseLost(let id, let from, let to, _, _, _):
            // A real client's exchange: the tab of the server the gateway routed it to.
            let byParty = Set([of(from), of(to)].compactMap { $0 })
            let flows = from.name.hasPrefix("peer ") || to.name.hasPrefix("peer ") ? live?.area(ofExchange: id).flatMap(Self.tabs(of:)) ?? byParty : byParty
            // The JWT side of tab 4 is the token flow itself.
            return flows.contains(.tokens) ? flows.union([.compare]) : flows
        case .tokenIssued(let kind, _, _, _), .tokenExpired(let kind, _):
            return kind == .access || kind == .refresh ? [.oauth] : [.tokens, .compare]
        case .interceptor, .familyRevoked, .clientState:
            return [.tokens, .compare]
        case .storeCommand:
            return [.compare]
        case .clockJumped:
            return nil
        case .note(let note):
            return tabs(of: note)
        }
    }

    /// A note belongs to the flow it speaks of (a world reset or a mode change, to all).
    static func tabs(of note: LogNote) -> Set<Tab>? {
        switch note {
        case .worldReset, .mode: return nil
        case .answeredAtDoor(_, _, let path, _, _, _, _): return LiveArea(path: path).flatMap(tabs(of:))
        case .wechatReset, .wechatRegistered, .wechatPushes, .componentForgets, .componentTokenRetry, .authorizerTokenRetry, .authorizationPage, .wechatPush:
            return [.wechat]
        case .platformReset, .platformSignsAtOnce, .keyPublished, .keySigning, .keyRetired, .appRegistered, .codeIssued, .accessTokenRevoked,
             .idTokenIssued, .jwksFetch, .appRefusedIDToken, .appAcceptedIDToken, .attackerReplaysIDToken, .attackerOtherAppIDToken,
             .attackerSwapsAccessToken, .kidSpraying, .platformJudgedExpired:
            return [.oauth]
        case .userCodeIssued, .deviceDecision:
            return [.device]
        case .storeState, .sessionClientState, .serverKeepsSession, .forcedLogout, .sessionsSetting:
            return [.compare]
        case .serverSigns, .reuseHonoured, .judgedExpired, .trafficOn, .trafficOff, .profileChanged, .shortTokenEdited, .faultArmed,
             .attackerStoleLong, .attackerStoleShort, .attackerForges, .userAdded:
            return [.tokens, .compare]
        }
    }

    /// The tab of the servers in a live area, by the gateway's own table (nil: the control
    /// API's; every tab shows it).
    static func tabs(of area: LiveArea) -> Set<Tab>? {
        switch area {
        case .tokenFlow: return [.tokens]
        case .platform, .demoApp: return [.oauth]
        case .device: return [.device]
        case .wechat: return [.wechat]
        case .sessions: return [.compare]
        case .control: return nil
        }
    }

    /// The session design's own notes (tab 4's right column).
    static func isSessionNote(_ note: LogNote) -> Bool {
        switch note {
        case .sessionClientState, .serverKeepsSession, .sessionsSetting: return true
        default: return false
        }
    }

    /// The newest `count` entries the state's tab shows (older than `before`, if given),
    /// oldest first: what a following log draws, found from the end without filtering
    /// the whole ring on every frame.
    static func tail(_ state: AppState, count: Int, before: Int? = nil) -> [LogEntry] {
        var found: [LogEntry] = []
        for entry in state.world.log.entries.reversed() {
            if let before, entry.sequence >= before { continue }
            guard state.logAll || (tabs(of: entry, live: state.live)?.contains(state.tab) ?? true) else { continue }
            found.append(entry)
            if found.count >= count { break }
        }
        return found.reversed()
    }

    /// The entries the log panel of the state's tab shows, oldest first.
    static func entries(_ state: AppState) -> [LogEntry] {
        let all = state.world.log.entries
        guard !state.logAll else { return Array(all) }
        return all.filter { tabs(of: $0, live: state.live)?.contains(state.tab) ?? true }
    }
}

import AuthEngine

/// Request bodies as real clients send them, read into the engine's JSON objects: form
/// encoding (what OAuth token requests use), JSON, or nothing.
enum LiveBody {
    /// Why a body could not be read, said to the client in a 400.
    struct Failure: Error, Equatable {
        let reason: String
    }

    static func parse(_ bytes: [UInt8], contentType: String?) throws(Failure) -> JSONObject? {
        guard !bytes.isEmpty else { return nil }
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
        switch type {
        case "application/x-www-form-urlencoded":
            guard let pairs = URLQuery.decode(String(decoding: bytes, as: UTF8.self)) else {
                throw Failure(reason: "the form body is not valid application/x-www-form-urlencoded")
            }
            // OAuth forbids a parameter twice (RFC 6749 §3.2): which one would count?
            if let repeated = pairs.repeatedName {
                throw Failure(reason: "the form gives \(repeated) more than once")
            }
            return JSONObject(pairs.map { ($0.0, .string($0.1)) })
        case "application/json", "":
            let value: JSONValue
            do { value = try JSONParser.parse(bytes: bytes) } catch { throw Failure(reason: "the body is not valid JSON: \(error)") }
            guard let object = value.objectValue else { throw Failure(reason: "the JSON body must be an object") }
            return object
        default:
            throw Failure(reason: "unsupported Content-Type '\(type)': send application/json or application/x-www-form-urlencoded")
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

import Testing
@testable import AuthEngine

@Suite struct JSONTests {
    @Test func keepsKeyOrderAndRoundTrips() throws {
        let text = #"{"z":1,"a":[true,null,"x"],"m":{"k":-2.5}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONWriter.compact(value) == text)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\n\u00e9\ud83d\udd11""#)
        #expect(value.stringValue == "a\"b\\c\né🔑")
        #expect(JSONWriter.compact(.string("q\"\u{01}")) == #""q\"\u0001""#)
    }

    @Test func writesPlainStringsWholeAndEscapesEverythingElse() {
        #expect(JSONWriter.compact(["sub": "1001", "token": "eyJ.a-b_c.~"]) == #"{"sub":"1001","token":"eyJ.a-b_c.~"}"#)
        #expect(JSONWriter.compact(.string("a\u{7F}b\u{202E}")) == #""a\u007fb\u202e""#)
        #expect(JSONWriter.compact(.string("李雷 \\ ok")) == #""李雷 \\ ok""#)
        #expect(JSONWriter.compact(.string("end\\")) == #""end\\""#)
    }

    @Test func rejectsWhatRFC8259Rejects() {
        for bad in [#"{"a":1,}"#, "[1 2]", "01", "1.", "-", #"{"a":1}x"#, #""\ud800""#, #""\x""#, "\"a\nb\"", "tru", #"{"a":1,"a":2}"#, ""] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }

    @Test func duplicateKeyErrorNamesTheKey() {
        do {
            _ = try JSONParser.parse(#"{"alg":"HS256","alg":"none"}"#)
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.reason == "duplicate key \"alg\"")
            #expect(error.offset == 15)
        }
    }

    @Test func integersStayExact() throws {
        #expect(try JSONParser.parse("1300819380") == .int(1_300_819_380))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(JSONValue.double(1000).intValue == 1000)
    }
}

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLength() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
    }

    @Test func isStrict() {
        #expect(Base64URL.decode("YQ") == Array("a".utf8))
        #expect(Base64URL.decode("YQ==") == nil, "padding")
        #expect(Base64URL.decode("Y Q") == nil, "whitespace")
        #expect(Base64URL.decode("+/8") == nil, "standard alphabet")
        #expect(Base64URL.decode("YR") == nil, "non-zero stray bits")
        #expect(Base64URL.decode("YWJjZ") == nil, "length 1 mod 4")
    }
}

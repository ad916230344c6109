import Testing
@testable import AuthEngine

@Suite struct VirtualClockTests {
    @Test func firesByTimeThenInsertionOrderWithNowAtEventTime() {
        let clock = VirtualClock(start: Instant(seconds: 100))
        var seen: [(String, Int64)] = []
        clock.schedule(after: .seconds(2)) { seen.append(("b", clock.now.milliseconds)) }
        clock.schedule(after: .seconds(1)) { seen.append(("a", clock.now.milliseconds)) }
        clock.schedule(after: .seconds(2)) { seen.append(("c", clock.now.milliseconds)) }
        clock.advance(by: .seconds(5))
        #expect(seen.map(\.0) == ["a", "b", "c"])
        #expect(seen.map(\.1) == [101_000, 102_000, 102_000])
        #expect(clock.now == Instant(seconds: 105))
    }

    @Test func eventsMayScheduleEventsThatFireInTheSameAdvance() {
        let clock = VirtualClock(start: Instant(seconds: 0))
        var count = 0
        func again() {
            count += 1
            if count < 10 { clock.schedule(after: .seconds(1), again) }
        }
        clock.schedule(after: .seconds(1), again)
        clock.advance(by: .seconds(5))
        #expect(count == 5)
        #expect(clock.now == Instant(seconds: 5))
        clock.advance(by: .hours(1))
        #expect(count == 10)
    }

    @Test func eventExactlyAtTheTargetFires() {
        let clock = VirtualClock(start: Instant(seconds: 0))
        var fired = false
        clock.schedule(at: Instant(seconds: 10)) { fired = true }
        clock.advance(to: Instant(milliseconds: 9_999))
        #expect(!fired)
        clock.advance(to: Instant(seconds: 10))
        #expect(fired)
    }

    @Test func cancelledEventsDoNotFire() {
        let clock = VirtualClock(start: Instant(seconds: 0))
        var fired: [Int] = []
        let a = clock.schedule(after: .seconds(1)) { fired.append(1) }
        clock.schedule(after: .seconds(2)) { fired.append(2) }
        clock.cancel(a)
        #expect(clock.nextEventTime == Instant(seconds: 2))
        clock.advance(by: .seconds(3))
        #expect(fired == [2])
    }

    @Test func timeNeverRunsBackwardsAndPastSchedulesClampToNow() {
        let clock = VirtualClock(start: Instant(seconds: 50))
        clock.advance(to: Instant(seconds: 10))
        #expect(clock.now == Instant(seconds: 50))
        var at: Instant?
        clock.schedule(at: Instant(seconds: 1)) { at = clock.now }
        clock.step()
        #expect(at == Instant(seconds: 50))
    }

    @Test func tickConvertsRealTimeAtSpeedAndCarriesFractions() {
        let clock = VirtualClock(start: Instant(seconds: 0), speed: 60)
        clock.tick(realElapsed: 1)
        #expect(clock.now == Instant(seconds: 60))
        clock.speed = 1
        for _ in 0..<10 { clock.tick(realElapsed: 0.0004) } // 0.4 ms each
        #expect(clock.now.milliseconds == 60_004)
        clock.isPaused = true
        clock.tick(realElapsed: 100)
        #expect(clock.now.milliseconds == 60_004)
    }

    @Test func aJumpOverTwoThousandTimersIsExact() {
        let clock = VirtualClock(start: Instant(seconds: 0))
        var times: [Int64] = []
        for i in (1...2000).reversed() { clock.schedule(after: .seconds(Int64(i))) { times.append(clock.now.seconds) } }
        clock.advance(by: .hours(1))
        #expect(times == Array(1...2000).map(Int64.init))
    }
}

@Suite struct TimeSyntaxTests {
    @Test func durationsParseAsTheScenarioLanguageSpellsThem() {
        #expect(DurationSyntax.parse("250ms") == .milliseconds(250))
        #expect(DurationSyntax.parse("30s") == .seconds(30))
        #expect(DurationSyntax.parse("15m") == .minutes(15))
        #expect(DurationSyntax.parse("2h") == .hours(2))
        #expect(DurationSyntax.parse("7d") == .days(7))
        #expect(DurationSyntax.parse("1h30m") == .minutes(90))
        #expect(DurationSyntax.parse("-2s") == .seconds(-2))
        for bad in ["", "15", "m", "15x", "1.5h", "30s1h", "1h1h", "99999999999999999999d", "1 h"] {
            #expect(DurationSyntax.parse(bad) == nil, "\(bad)")
        }
        #expect(Span.minutes(90).description == "1h30m")
        #expect(Span.milliseconds(900_840).description == "15m840ms")
    }

    @Test func instantsRoundTripThroughISO8601() {
        let t = Instant(iso8601: "2026-01-01T09:00:00Z")!
        #expect(t.milliseconds == 1_767_258_000_000)
        #expect(t.iso8601 == "2026-01-01T09:00:00Z")
        #expect(Instant(iso8601: "2024-02-29T23:59:59.250Z")!.iso8601 == "2024-02-29T23:59:59.250Z")
        #expect(Instant(seconds: 1_300_819_380).iso8601 == "2011-03-22T18:43:00Z")
        #expect(Instant(iso8601: "2026-02-30") == nil)
        #expect(Instant(iso8601: "2026-13-01T00:00:00Z") == nil)
        #expect(Instant(iso8601: "2026-01-01T25:00:00Z") == nil)
        #expect(Instant(iso8601: "yesterday") == nil)
        #expect(Instant(iso8601: "2026-01-01")!.timeOfDay == "00:00:00.000")
    }

    @Test func countdownsUseMinutesHoursOrDays() {
        #expect(Countdown.format(.seconds(724)) == "12:04")
        #expect(Countdown.format(.days(7) - .seconds(1)) == "6d 23h 59m")
        #expect(Countdown.format(.minutes(123)) == "2h 03m")
        #expect(Countdown.format(.seconds(-5)) == "00:00")
    }
}

import AuthEngine

/// A policy's duration as a sentence says it, worded from the value the world holds (a
/// setting may have changed it): `10 minutes` / `10 分钟`, `12 h` / `12 小时`, `600 s` / `600 秒`.
enum SpanWords {
    static func text(_ span: Span) -> Text {
        let seconds = span.seconds
        guard span.milliseconds % 1000 == 0 else { return .verbatim(DurationSyntax.format(span)) }
        if seconds >= 86_400, seconds % 86_400 == 0 {
            let days = seconds / 86_400
            return Text(en: "\(days) day\(days == 1 ? "" : "s")", zh: "\(days) 天")
        }
        if seconds >= 3600, seconds % 3600 == 0 { return Text(en: "\(seconds / 3600) h", zh: "\(seconds / 3600) 小时") }
        if seconds >= 60, seconds % 60 == 0 {
            let minutes = seconds / 60
            return Text(en: "\(minutes) minute\(minutes == 1 ? "" : "s")", zh: "\(minutes) 分钟")
        }
        return self.seconds(span)
    }

    /// In seconds whatever its size, where the sources count in seconds (WeChat's docs).
    static func seconds(_ span: Span) -> Text {
        guard span.milliseconds % 1000 == 0 else { return .verbatim(DurationSyntax.format(span)) }
        return Text(en: "\(span.seconds) s", zh: "\(span.seconds) 秒")
    }
}

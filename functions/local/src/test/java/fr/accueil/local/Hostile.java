package fr.accueil.local;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Values nobody should send: what the fuzz tests put wherever an event or a request has a value. */
final class Hostile {
    private Hostile() {
    }

    static final List<String> STRINGS = List.of(
            "", " ", "null", "undefined", "NaN", "-1", "0", "1e309", "99999999999999999999999",
            "' OR '1'='1", "\"; DROP TABLE appointments; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
            "{{7*7}}", "../../etc/passwd", "%00", "\u0000", "\r\nSet-Cookie: a=b", "#", "APPOINTMENT#x", "SLOT#x",
            "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T25:61:61Z", "2026-12-08T09:00+99:00",
            "+33", "+330000000000000000", "0612", "06 12 34 56 78 90 12", "+999123456789", "+33 6 12 34 56 7a",
            "anonymous", "+", "++33612345678", "téléphone", "ʕ•ᴥ•ʔ", "\uD83D\uDE00\uD83D\uDE00", "\uFEFF", "\uD800",
            "ﷺ", "Ω≈ç√∫", "𝕁𝕖𝕒𝕟𝕟𝕖", "a".repeat(5000), "%s%s%s%n", "\\u0000", "true", "[]", "{}");

    static Arbitrary<String> string() {
        return Arbitraries.oneOf(Arbitraries.of(STRINGS), Arbitraries.strings().ofMaxLength(64),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300));
    }

    /** Any JSON value of the wrong kind, or a hostile string. */
    static Arbitrary<Object> value() {
        return Arbitraries.oneOf(string().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                string().list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(string(), string()).ofMaxSize(3).map(m -> (Object) m));
    }

    /** Text that is not the JSON object expected: broken, truncated, another type, too deep. */
    static Arbitrary<String> brokenJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("{", "}", "{\"a\":", "[", "[1,2", "\"text\"", "42", "null", "true", "{'a':1}", "{\"a\":1,}",
                        "{\"a\":NaN}", "\u0000", "\uFEFF{}", "{\"a\":\"\\ud800\"}", "{".repeat(2000), "[".repeat(5000)),
                string(),
                Arbitraries.strings().all().ofMaxLength(200));
    }
}

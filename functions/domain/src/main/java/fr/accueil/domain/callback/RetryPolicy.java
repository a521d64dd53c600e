package fr.accueil.domain.callback;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What follows an attempt. No answer, busy or a dial error: try again after an exponential
 * backoff, at the site's next opening if the backoff ends while it is closed, up to
 * {@code maxAttempts}. A wrong number fails at once.
 *
 * @param base   delay after the first attempt
 * @param factor each further attempt waits this many times longer…
 * @param cap    …but never longer than this
 */
public record RetryPolicy(int maxAttempts, Duration base, double factor, Duration cap) {
    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (maxAttempts < 1 || base.isNegative() || factor < 1 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry policy needs an attempt, a factor of 1 or more and a cap above the base");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMinutes(30), 2, Duration.ofHours(4));
    }

    /** The wait after attempt {@code attempt} (1 for the first): base × factor^(attempt-1), capped. */
    public Duration delayAfter(int attempt) {
        double millis = base.toMillis() * Math.pow(factor, attempt - 1);
        return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
    }

    /** The callback after an attempt with that outcome, made (and reported) at {@code now}. */
    public Callback after(Callback callback, CallOutcome outcome, String note, Instant now, Site site, SiteCalendar calendar) {
        return switch (outcome) {
            case REACHED, CANCELLED_BY_CITIZEN -> callback.close(outcome, now, note);
            case WRONG_NUMBER -> callback.fail(outcome, "Numéro erroné.", now, note);
            case NO_ANSWER, BUSY, DIAL_ERROR -> {
                int made = callback.attemptNumber();
                if (made >= maxAttempts) {
                    yield callback.fail(outcome, made + " tentatives sans succès (dernière : " + outcome.label() + ").", now, note);
                }
                yield calendar.nextOpening(site, now.plus(delayAfter(made)))
                        .map(at -> callback.retryAt(outcome, at.toInstant(), now, note))
                        .orElseGet(() -> callback.fail(outcome, noOpening(), now, note));
            }
        };
    }

    /** Why a callback fails when its site has no opening left to call in. */
    public static String noOpening() {
        return "Aucune ouverture prochaine du site pour rappeler.";
    }
}

package fr.accueil.domain.callback;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One dispatch run (every minute or so): takes lapsed leases back, moves due callbacks of
 * closed sites to their next opening, then dials due callbacks within the queues' limits and
 * the pace. Safe to run twice at once: every step is a conditional write, every call carries a
 * client token per attempt.
 */
public final class CallbackDispatcher {
    static final String OUTCOME_MISSED = "Résultat de l'appel non reçu.";
    static final String DIAL_REFUSED = "Appel refusé par le service téléphonique.";

    /** Waits; tests pass one that only advances their clock. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration);

        static Pause threadSleep() {
            return duration -> {
                try {
                    Thread.sleep(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("dispatch run interrupted", e);
                }
            };
        }
    }

    /** Reads of the due callbacks in one run, at most: a run stays bounded whatever is due. */
    static final int MAX_READS_PER_RUN = 5;

    private final CallbackStore store;
    private final OutboundDialer dialer;
    private final CallbackRecorder recorder;
    private final SiteDirectory sites;
    private final SiteCalendar calendar;
    private final DispatchSettings settings;
    private final Clock clock;
    private final Pause pause;

    public CallbackDispatcher(CallbackStore store, OutboundDialer dialer, CallbackRecorder recorder, SiteDirectory sites,
            SiteCalendar calendar, DispatchSettings settings, Clock clock, Pause pause) {
        this.store = store;
        this.dialer = dialer;
        this.recorder = recorder;
        this.sites = sites;
        this.calendar = calendar;
        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
    }

    /** @param inProgress calls in progress now, by queue key (from the queues' current metrics) */
    public DispatchReport run(Map<String, Integer> inProgress) {
        Instant start = clock.instant();
        Counts counts = new Counts();
        List<Callback> candidates = takeBackLapsedLeases(start, counts);
        // Deferring a closed site's callback takes it out of the due ones: read on, so that callbacks of
        // closed sites never hold back those of open ones for a run.
        for (int read = 0; read < MAX_READS_PER_RUN && candidates.size() < settings.maxPerRun(); read++) {
            List<Callback> due = store.due(start, settings.maxPerRun());
            int deferredBefore = counts.deferred;
            for (Callback callback : due) {
                if (candidates.stream().anyMatch(c -> c.id().equals(callback.id()))) {
                    continue;
                }
                Optional<Site> site = sites.site(callback.siteId());
                if (site.isPresent() && calendar.isOpen(site.get(), start)) {
                    candidates.add(callback);
                } else {
                    defer(callback, site, start, counts);
                }
            }
            if (due.size() < settings.maxPerRun() || counts.deferred == deferredBefore) {
                break;  // nothing more is due, or nothing left the due ones: reading again would find the same
            }
        }
        Duration slept = Duration.ZERO;
        for (PlannedDial planned : DispatchPlanner.plan(candidates, inProgress, settings)) {
            // What the run has slept counts even on a clock that does not move (a fixed one, in a test or a demo).
            Duration elapsed = Duration.between(start, clock.instant());
            Duration wait = planned.offset().minus(elapsed.compareTo(slept) > 0 ? elapsed : slept);
            if (!wait.isNegative() && !wait.isZero()) {
                pause.sleep(wait);
                slept = slept.plus(wait);
            }
            if (!dial(planned.callback(), counts)) {
                counts.throttled = true;
                break;
            }
        }
        return new DispatchReport(counts.claimsReleased, counts.outcomesMissed, counts.deferred, counts.dialed,
                counts.dialFailures, counts.skipped, counts.throttled);
    }

    /**
     * Lapsed claims return to the list. A lapsed dialing lease whose call was placed has lost
     * its outcome: a dial error. One whose call may not have been placed is dialed again, same
     * attempt, same client token: Connect places it at most once.
     */
    private List<Callback> takeBackLapsedLeases(Instant now, Counts counts) {
        List<Callback> redial = new ArrayList<>();
        for (Callback lapsed : store.leasesExpired(now, settings.maxPerRun())) {
            if (lapsed.status() == CallbackStatus.CLAIMED) {
                counts.claimsReleased += store.release(lapsed.release(now)) ? 1 : 0;
            } else if (lapsed.dialContactId() != null) {
                counts.outcomesMissed += recorder.outcome(lapsed, CallOutcome.DIAL_ERROR, OUTCOME_MISSED, now, null).isPresent() ? 1 : 0;
            } else {
                redial.add(lapsed);
            }
        }
        return redial;
    }

    private void defer(Callback due, Optional<Site> site, Instant now, Counts counts) {
        Optional<Instant> opening = site.flatMap(s -> calendar.nextOpening(s, now)).map(ZonedDateTime::toInstant);
        boolean won = opening.isPresent()
                ? store.reschedule(due.deferTo(opening.get()))
                : recorder.fail(due, null, RetryPolicy.noOpening(), now).isPresent();
        counts.deferred += won ? 1 : 0;
    }

    /** @return false when the dialer keeps throttling: the run stops, the lease brings the callback back */
    private boolean dial(Callback callback, Counts counts) {
        Instant now = clock.instant();
        Callback dialing = callback.startDialing(now, now.plus(settings.dialingLease()));
        if (!store.markDialing(dialing)) {
            counts.skipped++;
            return true;
        }
        try {
            String contactId = dialWithBackoff(dialing);
            // Losing this write is fine: the flow already reported the outcome.
            store.markDialing(dialing.dialed(contactId, clock.instant().plus(settings.outcomeWait())));
            counts.dialed++;
        } catch (OutboundDialer.Throttled e) {
            return false;
        } catch (OutboundDialer.TransientFailure e) {
            recorder.outcome(dialing, CallOutcome.DIAL_ERROR, null, clock.instant(), null);
            counts.dialFailures++;
        } catch (OutboundDialer.PermanentFailure e) {
            recorder.fail(dialing, CallOutcome.DIAL_ERROR, DIAL_REFUSED, clock.instant());
            counts.dialFailures++;
        }
        return true;
    }

    private String dialWithBackoff(Callback dialing)
            throws OutboundDialer.Throttled, OutboundDialer.TransientFailure, OutboundDialer.PermanentFailure {
        Map<String, String> attributes = Map.of(
                "callbackId", dialing.id(),
                "attempt", Integer.toString(dialing.attempts()),
                "siteId", dialing.siteId(),
                "themeId", dialing.themeId());
        Duration backoff = settings.throttleBackoff();
        for (int retry = 0; ; retry++) {
            try {
                return dialer.dial(dialing.phone(), settings.contactFlowId(), dialing.queue(), attributes, dialing.clientToken());
            } catch (OutboundDialer.Throttled e) {
                if (retry == settings.throttleRetries()) {
                    throw e;
                }
                pause.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static final class Counts {
        private int claimsReleased;
        private int outcomesMissed;
        private int deferred;
        private int dialed;
        private int dialFailures;
        private int skipped;
        private boolean throttled;
    }
}

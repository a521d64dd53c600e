package fr.accueil.domain.callback;

import fr.accueil.domain.Retry;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.routing.AgentAvailability;
import fr.accueil.domain.routing.QueueStaffing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One dispatch run (every minute or so): takes lapsed leases back, moves due callbacks of
 * closed sites to their next opening, then dials due callbacks agent first ({@link DispatchPlanner}:
 * a free agent in the queue, one call at a time per citizen, within the concurrent calls share) at
 * the pace. Safe to run twice at once: every step is a conditional write, every call carries a
 * client token per attempt.
 */
public final class CallbackDispatcher {
    static final String OUTCOME_MISSED = "Résultat de l’appel non reçu.";
    static final String DIAL_REFUSED = "Appel refusé par le service téléphonique.";


    /** Reads of the due callbacks in one run, at most: a run stays bounded whatever is due. */
    static final int MAX_READS_PER_RUN = 5;
    /** Calls under way read at most: they are bounded by the concurrent calls share and the agents' claims. */
    static final int MAX_UNDER_WAY = 1000;

    private final CallbackStore store;
    private final OutboundDialer dialer;
    private final CallbackRecorder recorder;
    private final SiteDirectory sites;
    private final SiteCalendar calendar;
    private final AgentAvailability queues;
    private final DispatchSettings settings;
    private final Clock clock;
    private final Retry.Sleeper pause;
    private final Retry throttled;

    public CallbackDispatcher(CallbackStore store, OutboundDialer dialer, CallbackRecorder recorder, SiteDirectory sites,
            SiteCalendar calendar, AgentAvailability queues, DispatchSettings settings, Clock clock, Retry.Sleeper pause) {
        this.store = store;
        this.dialer = dialer;
        this.recorder = recorder;
        this.sites = sites;
        this.calendar = calendar;
        this.queues = queues;
        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
        // Backoff from throttleBackoff, doubling at each retry.
        this.throttled = Retry.of(settings.throttleRetries() + 1, settings.throttleBackoff(),
                settings.throttleBackoff().multipliedBy(1L << Math.min(settings.throttleRetries(), 20))).waitingWith(pause);
    }

    public DispatchReport run() {
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
        DispatchPlan plan = plan(candidates, start);
        Duration slept = Duration.ZERO;
        for (PlannedDial planned : plan.dials()) {
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
                counts.dialFailures, counts.skipped, counts.throttled, plan.heldNoAgent(), plan.heldSameCitizen(),
                plan.heldQuota(), plan.heldNoFigures(), plan.unknownQueues());
    }

    /** The calls under way and the queues' staffing, each read once for the whole run; nothing read when nothing is due. */
    private DispatchPlan plan(List<Callback> candidates, Instant now) {
        if (candidates.isEmpty()) {
            return DispatchPlanner.plan(candidates, List.of(), Map.of(), settings);
        }
        List<Callback> underWay = store.underWay(now, MAX_UNDER_WAY);
        Set<String> keys = new HashSet<>();
        candidates.forEach(c -> keys.add(c.queue()));
        // The calls under way count against their queue's agents: its figures are read with the others.
        underWay.stream().filter(c -> c.status() == CallbackStatus.DIALING).forEach(c -> keys.add(c.queue()));
        Map<String, QueueStaffing> staffing = queues.staffing(keys);
        return DispatchPlanner.plan(candidates, underWay, staffing, settings);
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
                counts.claimsReleased += store.replace(lapsed, lapsed.release(now)) ? 1 : 0;
            } else if (lapsed.contactId() != null) {
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
                ? store.replace(due, due.deferTo(opening.get()))
                : recorder.fail(due, null, RetryPolicy.noOpening(), now).isPresent();
        counts.deferred += won ? 1 : 0;
    }

    /** @return false when the dialer keeps throttling: the run stops, the lease brings the callback back */
    private boolean dial(Callback callback, Counts counts) {
        Instant now = clock.instant();
        Callback dialing = callback.startDialing(now, now.plus(settings.dialingLease()));
        if (!store.replace(callback, dialing)) {
            counts.skipped++;
            return true;
        }
        try {
            String contactId = dialWithBackoff(dialing);
            // Losing this write is fine: the flow already reported the outcome.
            store.replace(dialing, dialing.dialed(contactId, clock.instant().plus(settings.outcomeWait())));
            counts.dialed++;
        } catch (OutboundDialer.DialFailure e) {
            if (e instanceof OutboundDialer.Throttled) {
                return false;
            }
            if (e instanceof OutboundDialer.TransientFailure) {
                recorder.outcome(dialing, CallOutcome.DIAL_ERROR, null, clock.instant(), null);
            } else {
                recorder.fail(dialing, CallOutcome.DIAL_ERROR, DIAL_REFUSED, clock.instant());
            }
            counts.dialFailures++;
        }
        return true;
    }

    private String dialWithBackoff(Callback dialing) throws OutboundDialer.DialFailure {
        Map<String, String> attributes = Map.of(
                "callbackId", dialing.id(),
                "attempt", Integer.toString(dialing.attempts()),
                "siteId", dialing.siteId(),
                "themeId", dialing.themeId());
        return throttled.call(e -> e instanceof OutboundDialer.Throttled,
                attempt -> dialer.dial(dialing.phone(), settings.contactFlowId(), dialing.queue(), attributes, dialing.clientToken()));
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

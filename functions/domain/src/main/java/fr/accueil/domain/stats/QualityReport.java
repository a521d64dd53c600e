package fr.accueil.domain.stats;

import fr.accueil.domain.satisfaction.SatisfactionStats;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scope over a date range: one row per day or ISO week, their total, and the fill rate
 * of the permanences in scope, and how satisfaction answers are counted in that scope.
 */
public record QualityReport(StatsQuery query, List<Row> rows, Row total, List<FillRate> fillRates,
        Satisfaction satisfaction) {
    /** Counter prefix of question 1 (satisfaction with the reception, asked everywhere). */
    public static final String SATISFACTION = "satisfaction";
    /** Counter prefix of question 2 (was the request dealt with, asked on the phone only). */
    public static final String REQUEST_HANDLED = "requestHandled";

    public QualityReport {
        rows = List.copyOf(rows);
        fillRates = List.copyOf(fillRates);
    }

    /**
     * @param counted   false for a scope answers are not counted in (a permanence): no satisfaction figure
     * @param byChannel question 1 over the whole range by channel ({@code phone}, {@code callback},
     *                  {@code appointment}); null when channels are not counted in the scope (partner, theme)
     */
    public record Satisfaction(boolean counted, Map<String, SatisfactionStats.Figure> byChannel) {
        public static final Satisfaction NOT_COUNTED = new Satisfaction(false, null);

        public Satisfaction {
            byChannel = byChannel == null ? null : Map.copyOf(byChannel);
        }
    }

    /**
     * @param period   {@code 2026-03-02} for a day, {@code 2026-W10} for an ISO week
     * @param from     first day counted (a week is cut at the range's bounds)
     * @param to       last day counted
     * @param counters every counter by name, those of histograms included
     */
    public record Row(String period, LocalDate from, LocalDate to, Map<String, Long> counters) {
        public Row {
            counters = Map.copyOf(counters);
        }

        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }

        /** The answers to a question ({@link #SATISFACTION} or {@link #REQUEST_HANDLED}) in this row. */
        public SatisfactionStats.Figure answers(String question) {
            List<Long> distribution = new ArrayList<>(5);
            for (int score = 1; score <= 5; score++) {
                distribution.add(counter(question + ".score" + score));
            }
            return new SatisfactionStats.Figure(counter(question + ".answers"), counter(question + ".sum"), distribution);
        }

        /**
         * The figures managers read, derived from the counters: calls routed (to a queue, a person or a
         * transfer, straight or after the menu), closed (line closed on arrival), offered a callback from the
         * menu, abandoned before a choice (entered the menu, never reached a final choice); callbacks and
         * appointments by outcome; median and 90th percentile of the delay to callback and of the booking lead
         * time, as the histogram bucket holding them.
         */
        public Map<String, Object> indicators() {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("calls", counter("calls"));
            figures.put("menuChoices", counter("menu.choices"));
            figures.put("routed", counter("calls.queue") + counter("menu.choice.queue") + counter("menu.choice.person")
                    + counter("menu.choice.transfer"));
            figures.put("closed", counter("calls.closed"));
            figures.put("callbackOffered", counter("menu.choice.callback"));
            figures.put("abandonedBeforeChoice", Math.max(0, counter("calls.menu") - counter("menu.choices")));
            figures.put("callbacksRequested", counter("callbacks.requested"));
            figures.put("callbacksCompleted", counter("callbacks.completed"));
            figures.put("callbacksFailed", counter("callbacks.failed"));
            figures.put("callbacksCancelled", counter("callbacks.cancelled"));
            figures.put("callbackDelayMinutes", distribution(Histogram.CALLBACK_DELAY));
            figures.put("appointmentsBooked", counter("appointments.booked"));
            figures.put("appointmentsCancelled", counter("appointments.cancelled"));
            figures.put("appointmentsRescheduled", counter("appointments.rescheduled"));
            figures.put("appointmentsAttended", counter("appointments.attended"));
            figures.put("appointmentsNoShow", counter("appointments.noShow"));
            figures.put("appointmentsExcused", counter("appointments.excused"));
            figures.put("bookingLeadTimeHours", distribution(Histogram.BOOKING_LEAD_TIME));
            return figures;
        }

        private Map<String, Object> distribution(Histogram histogram) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("count", histogram.count(counters));
            d.put("median", histogram.quantile(counters, 0.5).orElse(null));
            d.put("p90", histogram.quantile(counters, 0.9).orElse(null));
            return d;
        }
    }

    /** A permanence's places booked out of those its slots offer, per day that has slots. */
    public record FillRate(String permanenceId, String siteId, String partnerId, List<Day> days) {
        public FillRate {
            days = List.copyOf(days);
        }

        public int booked() {
            return days.stream().mapToInt(Day::booked).sum();
        }

        public int capacity() {
            return days.stream().mapToInt(Day::capacity).sum();
        }

        /** Between 0 and 1; null without any slot. */
        public Double rate() {
            return capacity() == 0 ? null : (double) booked() / capacity();
        }

        public record Day(LocalDate date, int booked, int capacity) {
            public double rate() {
                return capacity == 0 ? 0 : (double) booked / capacity;
            }
        }
    }
}

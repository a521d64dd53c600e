package fr.accueil.domain.stats;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scope over a date range: one row per day or ISO week, their total, and the fill rate
 * of the permanences in scope.
 */
public record QualityReport(StatsQuery query, List<Row> rows, Row total, List<FillRate> fillRates) {
    public QualityReport {
        rows = List.copyOf(rows);
        fillRates = List.copyOf(fillRates);
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

package fr.accueil.handlers.api;

import fr.accueil.domain.queue.QueueCount;
import fr.accueil.domain.queue.QueueHour;
import fr.accueil.domain.queue.QueueStatistics;
import fr.accueil.domain.satisfaction.SatisfactionStats;
import fr.accueil.domain.stats.Histogram;
import fr.accueil.domain.stats.QualityReport;
import fr.accueil.domain.stats.StatsScope;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics as JSON, and as CSV for spreadsheets set up for French: UTF-8 with a byte order mark (so
 * Excel reads accents right), {@code ;} between fields, a decimal comma, CRLF line ends, one header row.
 */
final class StatsJson {
    private static final String BOM = "\uFEFF";
    /** Columns of the figures table: header (French) → indicator. */
    private static final Map<String, String> COLUMNS = columns();

    private StatsJson() {
    }

    private static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Appels", "calls");
        c.put("Choix au menu", "menuChoices");
        c.put("Orientés", "routed");
        c.put("Ligne fermée", "closed");
        c.put("Rappel proposé au menu", "callbackOffered");
        c.put("Abandons avant choix", "abandonedBeforeChoice");
        c.put("Rappels demandés", "callbacksRequested");
        c.put("Rappels aboutis", "callbacksCompleted");
        c.put("Rappels en échec", "callbacksFailed");
        c.put("Rappels annulés", "callbacksCancelled");
        c.put("Délai de rappel médian (min, au plus)", "callbackDelayMinutes.median");
        c.put("Délai de rappel 90e centile (min, au plus)", "callbackDelayMinutes.p90");
        c.put("Rendez-vous pris", "appointmentsBooked");
        c.put("Rendez-vous annulés", "appointmentsCancelled");
        c.put("Rendez-vous déplacés", "appointmentsRescheduled");
        c.put("Rendez-vous honorés", "appointmentsAttended");
        c.put("Absences", "appointmentsNoShow");
        c.put("Absences excusées", "appointmentsExcused");
        c.put("Délai de prise de rendez-vous médian (h, au plus)", "bookingLeadTimeHours.median");
        c.put("Délai de prise de rendez-vous 90e centile (h, au plus)", "bookingLeadTimeHours.p90");
        return c;
    }

    /** Satisfaction columns, after the others (added last so existing spreadsheets keep their columns). */
    private static List<String> satisfactionHeader() {
        List<String> header = new ArrayList<>(List.of("Avis de satisfaction", "Satisfaction moyenne (1 à 5)"));
        for (int score = 1; score <= 5; score++) {
            header.add("Avis notés " + score);
        }
        header.add("Avis « demande traitée »");
        header.add("Demande traitée moyenne (1 à 5)");
        return header;
    }

    /**
     * The queue figures: each queue's total over the range and its hours (the hour's start at the report's zone),
     * with the rates worked out (null where nothing was queued or answered).
     */
    static Map<String, Object> queues(QueueStatistics.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("counted", report.counted());
        json.put("zone", report.zone().getId());
        json.put("totals", report.totals().stream().map(q -> queue(q, null)).toList());
        json.put("hours", report.hours().stream().map(q -> queue(q, report.zone())).toList());
        return json;
    }

    private static Map<String, Object> queue(QueueHour figures, ZoneId zone) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", figures.queue());
        if (zone != null) {
            json.put("hour", figures.hour().atZone(zone).toOffsetDateTime().toString());
        }
        json.put("queued", figures.count(QueueCount.QUEUED));
        json.put("answered", figures.count(QueueCount.ANSWERED));
        json.put("abandoned", figures.count(QueueCount.ABANDONED));
        json.put("callbackChosen", figures.count(QueueCount.CALLBACK_CHOSEN));
        json.put("averageWaitSeconds", figures.averageAnswerWaitSeconds());
        json.put("maxWaitSeconds", figures.maxWaitSeconds());
        json.put("abandonmentRate", figures.abandonmentRate());
        json.put("serviceLevel", figures.serviceLevel());
        json.put("serviceLevelSeconds", figures.serviceLevelSeconds());
        return json;
    }

    static Map<String, Object> report(QualityReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", report.query().from().toString());
        json.put("to", report.query().to().toString());
        json.put("period", report.query().period().name().toLowerCase(Locale.ROOT));
        json.put("scope", scope(report.query().scope()));
        json.put("units", Map.of("callbackDelayMinutes", Histogram.CALLBACK_DELAY.unit(),
                "bookingLeadTimeHours", Histogram.BOOKING_LEAD_TIME.unit()));
        json.put("rows", report.rows().stream().map(row -> row(row, report.satisfaction())).toList());
        json.put("total", row(report.total(), report.satisfaction()));
        json.put("fillRates", report.fillRates().stream().map(StatsJson::fillRate).toList());
        Map<String, Object> satisfaction = new LinkedHashMap<>();
        satisfaction.put("counted", report.satisfaction().counted());
        if (report.satisfaction().byChannel() == null) {
            satisfaction.put("byChannel", null);
        } else {
            Map<String, Object> channels = new TreeMap<>();
            report.satisfaction().byChannel().forEach((channel, figure) -> channels.put(channel, answers(figure)));
            satisfaction.put("byChannel", channels);
        }
        json.put("satisfaction", satisfaction);
        return json;
    }

    /** Count, mean (two decimals, null without answers) and answers per score "1" to "5". */
    static Map<String, Object> answers(SatisfactionStats.Figure figure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", figure.count());
        json.put("average", figure.average());
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int score = 1; score <= 5; score++) {
            distribution.put(String.valueOf(score), figure.distribution().get(score - 1));
        }
        json.put("distribution", distribution);
        return json;
    }

    private static Map<String, String> scope(StatsScope scope) {
        Map<String, String> json = new LinkedHashMap<>();
        putIfPresent(json, "site", scope.siteId());
        putIfPresent(json, "partner", scope.partnerId());
        putIfPresent(json, "theme", scope.themeId());
        putIfPresent(json, "permanence", scope.permanenceId());
        return json;
    }

    private static Map<String, Object> row(QualityReport.Row row, QualityReport.Satisfaction satisfaction) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("period", row.period());
        json.put("from", row.from().toString());
        json.put("to", row.to().toString());
        Map<String, Object> figures = plain(row.indicators());
        figures.put("satisfaction", satisfaction.counted() ? answers(row.answers(QualityReport.SATISFACTION)) : null);
        figures.put("requestHandled", satisfaction.counted() ? answers(row.answers(QualityReport.REQUEST_HANDLED)) : null);
        json.put("figures", figures);
        json.put("counters", new TreeMap<>(row.counters()));
        return json;
    }

    /** Percentile estimates as {@code {above, atMost}} objects. */
    private static Map<String, Object> plain(Map<String, Object> figures) {
        Map<String, Object> json = new LinkedHashMap<>();
        figures.forEach((name, value) -> {
            if (value instanceof Map<?, ?> distribution) {
                Map<String, Object> d = new LinkedHashMap<>();
                distribution.forEach((k, v) -> d.put(k.toString(), v instanceof Histogram.Estimate e ? estimate(e) : v));
                json.put(name, d);
            } else {
                json.put(name, value);
            }
        });
        return json;
    }

    private static Map<String, Object> estimate(Histogram.Estimate estimate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("above", estimate.above());
        json.put("atMost", estimate.atMost());
        return json;
    }

    private static Map<String, Object> fillRate(QualityReport.FillRate rate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("permanenceId", rate.permanenceId());
        json.put("siteId", rate.siteId());
        json.put("partnerId", rate.partnerId());
        json.put("booked", rate.booked());
        json.put("capacity", rate.capacity());
        json.put("rate", rate.rate());
        json.put("days", rate.days().stream().map(day -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("date", day.date().toString());
            d.put("booked", day.booked());
            d.put("capacity", day.capacity());
            d.put("rate", day.rate());
            return d;
        }).toList());
        return json;
    }

    /** The figures, one line per day or week and a last line for the whole range. */
    static String figuresCsv(QualityReport report) {
        List<String> header = new ArrayList<>(List.of("Période", "Du", "Au"));
        header.addAll(COLUMNS.keySet());
        header.addAll(satisfactionHeader());
        StringBuilder csv = new StringBuilder(BOM).append(line(header));
        List<QualityReport.Row> rows = new ArrayList<>(report.rows());
        rows.add(report.total());
        for (QualityReport.Row row : rows) {
            List<String> fields = new ArrayList<>(List.of(row == report.total() ? "Total" : row.period(),
                    row.from().toString(), row.to().toString()));
            Map<String, Object> figures = row.indicators();
            COLUMNS.values().forEach(name -> fields.add(cell(figure(figures, name))));
            fields.addAll(satisfactionCells(row, report.satisfaction().counted()));
            csv.append(line(fields));
        }
        return csv.toString();
    }

    /** The fill rate, one line per permanence and day. */
    static String fillRateCsv(QualityReport report) {
        StringBuilder csv = new StringBuilder(BOM).append(line(List.of("Permanence", "Lieu", "Partenaire", "Date",
                "Places réservées", "Places offertes", "Taux de remplissage")));
        DecimalFormat percent = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        for (QualityReport.FillRate rate : report.fillRates()) {
            for (QualityReport.FillRate.Day day : rate.days()) {
                csv.append(line(List.of(rate.permanenceId(), rate.siteId(), rate.partnerId(), day.date().toString(),
                        Integer.toString(day.booked()), Integer.toString(day.capacity()),
                        percent.format(day.rate() * 100) + " %")));
            }
        }
        return csv.toString();
    }

    /**
     * The queue figures, one line per queue and hour (its start at the report's zone), then each queue's total; rates
     * as percentages, empty where nothing was queued or answered.
     */
    static String queuesCsv(QueueStatistics.Report report) {
        StringBuilder csv = new StringBuilder(BOM).append(line(List.of("File", "Heure", "En file", "Pris par un conseiller",
                "Abandons", "Rappel choisi", "Attente moyenne (s)", "Attente maximale (s)", "Taux d’abandon",
                "Niveau de service", "Seuil du niveau de service (s)")));
        report.hours().forEach(f -> csv.append(queueLine(f, f.hour().atZone(report.zone()).toOffsetDateTime().toString())));
        report.totals().forEach(f -> csv.append(queueLine(f, "Total")));
        return csv.toString();
    }

    private static String queueLine(QueueHour f, String hour) {
        DecimalFormat decimal = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        java.util.function.Function<Double, String> percent = v -> v == null ? "" : decimal.format(v * 100) + " %";
        return line(List.of(f.queue(), hour, Long.toString(f.count(QueueCount.QUEUED)), Long.toString(f.count(QueueCount.ANSWERED)),
                Long.toString(f.count(QueueCount.ABANDONED)), Long.toString(f.count(QueueCount.CALLBACK_CHOSEN)),
                f.averageAnswerWaitSeconds() == null ? "" : decimal.format(f.averageAnswerWaitSeconds()),
                Long.toString(f.maxWaitSeconds()), percent.apply(f.abandonmentRate()), percent.apply(f.serviceLevel()),
                Long.toString(f.serviceLevelSeconds())));
    }

    /** Empty cells where answers are not counted (a permanence), rather than misleading zeros. */
    private static List<String> satisfactionCells(QualityReport.Row row, boolean counted) {
        if (!counted) {
            return Collections.nCopies(satisfactionHeader().size(), "");
        }
        DecimalFormat mean = new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        SatisfactionStats.Figure q1 = row.answers(QualityReport.SATISFACTION);
        SatisfactionStats.Figure q2 = row.answers(QualityReport.REQUEST_HANDLED);
        List<String> cells = new ArrayList<>(List.of(Long.toString(q1.count()),
                q1.average() == null ? "" : mean.format(q1.average())));
        q1.distribution().forEach(n -> cells.add(Long.toString(n)));
        cells.add(Long.toString(q2.count()));
        cells.add(q2.average() == null ? "" : mean.format(q2.average()));
        return cells;
    }

    private static Object figure(Map<String, Object> figures, String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return figures.get(name);
        }
        Object distribution = figures.get(name.substring(0, dot));
        return distribution instanceof Map<?, ?> map ? map.get(name.substring(dot + 1)) : null;
    }

    /** A count as is; a percentile as its bucket's upper bound, or "> last bound" beyond it; empty when none. */
    private static String cell(Object value) {
        if (value instanceof Histogram.Estimate estimate) {
            return estimate.atMost() == null ? "> " + estimate.above() : estimate.atMost().toString();
        }
        return value == null ? "" : value.toString();
    }

    private static String line(List<String> fields) {
        return String.join(";", fields.stream().map(StatsJson::quoted).toList()) + "\r\n";
    }

    /** RFC 4180 quoting, and a leading apostrophe against formula injection in spreadsheets. */
    private static String quoted(String field) {
        String safe = !field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0 && !field.matches("-?\\d+") ? "'" + field : field;
        return safe.matches(".*[;\"\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static void putIfPresent(Map<String, String> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}

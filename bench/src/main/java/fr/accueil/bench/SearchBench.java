package fr.accueil.bench;

import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotStore;
import fr.accueil.handlers.AppContext;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.BenchItems;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One slot search (SlotStore.freeSlots: the FreeSlots Query of one permanence over four weeks, a
 * page of 20) with a small and a large BookingTable: latency and read capacity should follow the
 * slots returned, not the slots stored. The bench permanences have one slot an hour, so a larger
 * table holds the same four weeks and a longer future, like a territory years into its life.
 */
final class SearchBench {
    private static final int PERMANENCES = 100;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private SearchBench() {
    }

    static void run(Report report, long small, long large, int searches) throws Exception {
        AppContext app = AppContext.get();
        String table = Environment.required("BOOKING_TABLE");
        ConsumedCapacity capacity = new ConsumedCapacity();
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), "DYNAMODB")
                .overrideConfiguration(c -> c.addExecutionInterceptor(capacity)).build();
        SlotStore slots = new DynamoSlotStore(dynamo, table, app.clock(), app.retention());
        Instant base = app.clock().instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

        double smallRate = load(app.dynamo(), table, base, 0, small, app.retention());
        report.note(String.format("search: %,d slots loaded at %,.0f items/s", small, smallRate));
        Result atSmall = search(slots, capacity, base, searches);
        long loadStart = System.nanoTime();
        double largeRate = load(app.dynamo(), table, base, small, large, app.retention());
        report.note(String.format("search: %,d more slots loaded at %,.0f items/s (%.0f s)", large - small, largeRate,
                (System.nanoTime() - loadStart) / 1e9));
        Result atLarge = search(slots, capacity, base, searches);

        String sizes = String.format("%,d vs %,d slots stored", large, small);
        report.figure("search", "one search, p50 (" + sizes + ")", Report.ms(atLarge.latency.medianMillis()),
                Report.ms(atSmall.latency.medianMillis()), atLarge.latency.medianMillis() / atSmall.latency.medianMillis());
        report.atMost("search", "one search, p99 (" + sizes + ")", Report.ms(atLarge.latency.percentileMillis(99)),
                Report.ms(atSmall.latency.percentileMillis(99)),
                atLarge.latency.percentileMillis(99) / atSmall.latency.percentileMillis(99), 1.3);
        report.atMost("search", "read capacity per search (" + sizes + ")", Report.number(atLarge.readUnits) + " RCU",
                Report.number(atSmall.readUnits) + " RCU", atLarge.readUnits / atSmall.readUnits, 1.3);
    }

    private record Result(Stats latency, double readUnits) {
    }

    private static Result search(SlotStore slots, ConsumedCapacity capacity, Instant base, int searches) {
        Instant to = base.plus(Duration.ofDays(28));
        List<Long> times = new ArrayList<>();
        double unitsBefore = 0;
        int warmUp = Math.max(100, searches / 5);
        for (int i = 0; i < warmUp + searches; i++) {
            if (i == warmUp) {
                unitsBefore = capacity.readUnits();
            }
            String permanence = permanenceId(i % PERMANENCES);
            long start = System.nanoTime();
            int found = slots.freeSlots(permanence, base, to, 20, null).items().size();
            long elapsed = System.nanoTime() - start;
            if (found != 20) {
                throw new IllegalStateException("search found " + found + " slots, 20 expected");
            }
            if (i >= warmUp) {
                times.add(elapsed);
            }
        }
        return new Result(Stats.of(times), (capacity.readUnits() - unitsBefore) / searches);
    }

    /** Slots [from, to) of the bench permanences: slot i is permanence i % 100, hour i / 100 after base. */
    private static double load(DynamoDbClient dynamo, String table, Instant base, long from, long to, Duration retention)
            throws Exception {
        return BulkLoader.load(dynamo, table, from, to, 8, i -> {
            ZonedDateTime start = base.plus(Duration.ofHours(i / PERMANENCES)).atZone(PARIS);
            String permanence = permanenceId((int) (i % PERMANENCES));
            Slot slot = new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, "bench-site", "bench-partner",
                    List.of("bench-theme"), start, start.plusMinutes(30), 1, 0);
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = BenchItems.slot(slot, retention);
            return item;
        });
    }

    private static String permanenceId(int index) {
        return "bench-permanence-" + index;
    }
}

package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Slot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Item mapping of BookingTable (hand-written, see {@link Items}). Times are stored as instants plus the
 * site's zone, so the sort keys order by real time and the domain gets its site-local times back.
 */
final class BookingItems {
    static final String FREE_SLOTS = "FreeSlots";
    static final String BY_DAY = "ByDay";
    static final String FREE_PK = "freePk";
    static final String FREE_SK = "freeSk";
    static final String DAY_PK = "dayPk";
    static final String DAY_SK = "daySk";
    static final String SLOT = "SLOT";
    static final String APPOINTMENT = "APPOINTMENT";
    static final String IDEMPOTENCY = "IDEMPOTENCY";

    private BookingItems() {
    }

    static Map<String, AttributeValue> slotKey(String slotId) {
        return Map.of(Items.PK, s(SLOT + "#" + slotId), Items.SK, s(SLOT));
    }

    static Map<String, AttributeValue> appointmentKey(String appointmentId) {
        return Map.of(Items.PK, s(APPOINTMENT + "#" + appointmentId), Items.SK, s(APPOINTMENT));
    }

    static Map<String, AttributeValue> idempotencyKey(String key) {
        return Map.of(Items.PK, s(IDEMPOTENCY + "#" + key), Items.SK, s(IDEMPOTENCY));
    }

    /** The FreeSlots partition of a permanence: one Query lists its free slots in time order. */
    static String freePk(String permanenceId) {
        return "PERMANENCE#" + permanenceId;
    }

    /** Start first so a key range is a time range; the slot id makes it unique. */
    static String timeKey(Instant start, String id) {
        return start + "#" + id;
    }

    /** The counter one higher, on condition nobody moved it since it was read; out of FreeSlots once full. */
    static Update take(String table, String slotId, int capacity, int seen) {
        int next = seen + 1;
        boolean full = next >= capacity;
        return Update.builder().tableName(table)
                .key(slotKey(slotId))
                .updateExpression("SET booked = :next" + (full ? " REMOVE freePk, freeSk" : ""))
                .conditionExpression("booked = :seen AND booked < #capacity")
                .expressionAttributeNames(Map.of("#capacity", "capacity"))
                .expressionAttributeValues(Map.of(":next", n(next), ":seen", n(seen)))
                .build();
    }

    /** The counter one lower, and the slot back in FreeSlots since it now has room. */
    static Update free(String table, String slotId, String permanenceId, Instant start) {
        return Update.builder().tableName(table)
                .key(slotKey(slotId))
                .updateExpression("SET booked = booked - :one, freePk = :freePk, freeSk = :freeSk")
                .conditionExpression("booked > :zero")
                .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0),
                        ":freePk", s(freePk(permanenceId)), ":freeSk", s(timeKey(start, slotId))))
                .build();
    }

    /** ByDay partition of every slot of a permanence (booked or not), read by regeneration. */
    static String slotsPk(String permanenceId) {
        return "SLOTS#" + permanenceId;
    }

    /** ByDay partition of a site's appointments on a date of its calendar, read by agents and reminders. */
    static String dayPk(String siteId, java.time.LocalDate date) {
        return "SITE#" + siteId + "#" + date;
    }

    static Map<String, AttributeValue> slot(Slot slot, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>(slotKey(slot.id()));
        item.put("id", s(slot.id()));
        item.put("permanenceId", s(slot.permanenceId()));
        item.put("siteId", s(slot.siteId()));
        item.put("partnerId", s(slot.partnerId()));
        item.put("themeIds", Items.strings(slot.themeIds()));
        item.put("zone", s(slot.start().getZone().getId()));
        item.put("start", s(slot.startInstant().toString()));
        item.put("end", s(slot.endInstant().toString()));
        item.put("capacity", n(slot.capacity()));
        item.put("booked", n(slot.booked()));
        item.put(DAY_PK, s(slotsPk(slot.permanenceId())));
        item.put(DAY_SK, s(timeKey(slot.startInstant(), slot.id())));
        if (!slot.full()) {
            item.put(FREE_PK, s(freePk(slot.permanenceId())));
            item.put(FREE_SK, s(timeKey(slot.startInstant(), slot.id())));
        }
        // No personal data, but past slots are of no use once their appointments are gone.
        item.put(Items.EXPIRES_AT, n(slot.endInstant().plus(retention).getEpochSecond()));
        return item;
    }

    static Slot slot(Map<String, AttributeValue> item) {
        ZoneId zone = ZoneId.of(string(item, "zone"));
        return new Slot(string(item, "id"), string(item, "permanenceId"), string(item, "siteId"),
                string(item, "partnerId"), Items.stringList(item, "themeIds"),
                Instant.parse(string(item, "start")).atZone(zone), Instant.parse(string(item, "end")).atZone(zone),
                Items.integer(item, "capacity", 1), Items.integer(item, "booked", 0));
    }

    static Map<String, AttributeValue> appointment(Appointment a, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>(appointmentKey(a.id()));
        item.put("id", s(a.id()));
        item.put("slotId", s(a.slotId()));
        item.put("permanenceId", s(a.permanenceId()));
        item.put("siteId", s(a.siteId()));
        item.put("partnerId", s(a.partnerId()));
        item.put("themeId", s(a.themeId()));
        item.put("zone", s(a.start().getZone().getId()));
        item.put("start", s(a.start().toInstant().toString()));
        item.put("end", s(a.end().toInstant().toString()));
        item.put("citizenName", s(a.citizenName()));
        putIfPresent(item, "phone", a.phone());
        putIfPresent(item, "email", a.email());
        putIfPresent(item, "note", a.note());
        item.put("status", s(a.status().name()));
        item.put("channel", s(a.channel().name()));
        item.put("created", s(a.created().toString()));
        item.put("tokenHash", s(a.tokenHash()));
        putIfPresent(item, "bookedBy", a.bookedBy());
        item.put(DAY_PK, s(dayPk(a.siteId(), a.start().toLocalDate())));
        item.put(DAY_SK, s(timeKey(a.start().toInstant(), a.id())));
        // Personal data: kept for the retention period after the appointment, then DynamoDB deletes it.
        item.put(Items.EXPIRES_AT, n(a.end().toInstant().plus(retention).getEpochSecond()));
        return item;
    }

    static Appointment appointment(Map<String, AttributeValue> item) {
        ZoneId zone = ZoneId.of(string(item, "zone"));
        return new Appointment(string(item, "id"), string(item, "slotId"), string(item, "permanenceId"),
                string(item, "siteId"), string(item, "partnerId"), string(item, "themeId"),
                Instant.parse(string(item, "start")).atZone(zone), Instant.parse(string(item, "end")).atZone(zone),
                string(item, "citizenName"), string(item, "phone"), string(item, "email"), string(item, "note"),
                AppointmentStatus.valueOf(string(item, "status")), Channel.valueOf(string(item, "channel")),
                Instant.parse(string(item, "created")), string(item, "tokenHash"), string(item, "bookedBy"));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}

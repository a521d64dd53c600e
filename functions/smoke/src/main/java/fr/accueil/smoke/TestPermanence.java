package fr.accueil.smoke;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.storage.dynamodb.DynamoAppointmentStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoPersonalDataEraser;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The smoke tier's test permanence, written into the deployed directory with the storage module's adapters and
 * removed with them. Kept out of citizens' way: its site serves no postcode and its address names no commune
 * (no search finds it), its theme is internal (never offered), its slots lie 10 to 16 days ahead, and everything,
 * down to the appointment's history, is removed after the run and again before the next (a run cut short leaves
 * nothing for long). Fixed ids make the removal find what any earlier run wrote.
 */
final class TestPermanence {
    static final String ID = "smoke-test";
    /** Amazon SES's mailbox simulator: accepted, never delivered, no weight on the sender's reputation. */
    static final String EMAIL = "success@simulator.amazonses.com";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    /** Further ahead than any cancellation delay of a deployment (48 hours by default): the link may cancel. */
    private static final int FIRST_DAY = 10;
    private static final int LAST_DAY = 16;

    private final String territoryId;
    private final Clock clock;
    private final DynamoDirectoryStore directory;
    private final DynamoSlotStore slots;
    private final DynamoAppointmentStore appointments;
    private final DynamoPersonalDataEraser eraser;
    private final Site site;
    private final Partner partner;
    private final Theme theme;
    private final Permanence permanence;

    TestPermanence(DynamoDbClient dynamo, DeployedStack stack, String territoryId, Clock clock) {
        this.territoryId = territoryId;
        this.clock = clock;
        String bookingTable = stack.output("BookingTableName");
        // Retention is for the items the adapters write; these write none with a lifetime.
        Duration retention = Duration.ofDays(1);
        this.directory = new DynamoDirectoryStore(dynamo, stack.output("DirectoryTableName"), clock);
        this.slots = new DynamoSlotStore(dynamo, bookingTable, clock, retention);
        this.appointments = new DynamoAppointmentStore(dynamo, bookingTable, clock, retention);
        this.eraser = new DynamoPersonalDataEraser(dynamo, stack.output("ContactsTableName"),
                stack.output("CallbacksTableName"), bookingTable, stack.output("SatisfactionTableName"),
                stack.output("MessagesTableName"), false, clock);
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        this.site = new Site(ID, territoryId, "Test de fonctionnement (ne pas utiliser)", new Address("-", "00000", "-"),
                List.of(), ZONE, new WeeklyHours(Map.of()), List.of(), "", "general");
        this.theme = new Theme(ID, "Test de fonctionnement", "general", true);
        this.partner = new Partner(ID, "Test de fonctionnement", "Écrit et retiré par le test de fonctionnement.", List.of(ID));
        this.permanence = new Permanence(ID, ID, ID, List.of(ID),
                new Recurrence.Weekly(EnumSet.allOf(DayOfWeek.class), 1, today), TimeRange.parse("09:00-10:00"), 30, 1,
                Duration.ZERO, LAST_DAY + 1, today.plusDays(FIRST_DAY), today.plusDays(LAST_DAY), Set.of());
    }

    void write() {
        directory.save(territoryId, theme);
        directory.save(territoryId, partner);
        directory.save(territoryId, site);
        directory.save(territoryId, permanence);
    }

    LocalDate firstDay() {
        return permanence.validFrom();
    }

    LocalDate lastDay() {
        return permanence.validUntil();
    }

    /**
     * Removes whatever a run wrote: appointments at the test site (cancelled first, so their slots are free) and
     * their history, the slots, then the directory's records. Idempotent.
     *
     * @return what was removed, for the report
     */
    String remove() {
        int appointmentsRemoved = 0;
        for (LocalDate date = firstDay(); !date.isAfter(lastDay()); date = date.plusDays(1)) {
            for (Appointment appointment : appointments.bySiteAndDate(ID, date)) {
                if (appointment.status() == AppointmentStatus.BOOKED) {
                    appointments.cancel(appointment);
                }
                eraser.eraseAppointment(appointment.id());
                appointmentsRemoved++;
            }
        }
        int history = eraser.eraseContact(EMAIL);
        var stored = slots.slotsOf(ID, firstDay().atStartOfDay(ZONE).toInstant(),
                lastDay().plusDays(1).atStartOfDay(ZONE).toInstant());
        List<String> kept = slots.deleteUnbooked(stored);
        if (!kept.isEmpty()) {
            throw new IllegalStateException("test slots still booked: " + kept);
        }
        directory.remove(territoryId, site, partner, theme, permanence);
        return appointmentsRemoved + " appointment(s), " + history + " history item(s), " + stored.size() + " slot(s)";
    }
}

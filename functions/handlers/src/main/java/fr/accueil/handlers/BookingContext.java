package fr.accueil.handlers;

import fr.accueil.domain.booking.AppointmentHistory;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.FreeSlotFinder;
import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.MessagingNotifier;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.SiteBoard;
import fr.accueil.domain.booking.SlotGenerator;
import fr.accueil.domain.booking.SlotPlan;
import fr.accueil.domain.booking.SlotRegeneration;
import fr.accueil.domain.booking.StopCancellation;
import fr.accueil.domain.booking.Waitlist;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoAppointmentStore;
import fr.accueil.storage.dynamodb.DynamoMessageQueue;
import fr.accueil.storage.dynamodb.DynamoOutbox;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import fr.accueil.storage.dynamodb.DynamoWaitlistStore;
import fr.accueil.storage.dynamodb.MessageQueue;
import fr.accueil.storage.messaging.KmsMessageSeal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The booking side of a container: stores on BookingTable, the booking service, the free slot search,
 * slot regeneration and the notifier chosen by configuration ({@code NOTIFIER}: {@code aws}, the default, queues
 * messages in MessagesTable for MessageSenderFunction to send by SNS and SES; {@code outbox}, for development,
 * keeps them in BookingTable).
 */
public final class BookingContext {
    private final String territoryId;
    private final Clock clock;
    private final DirectoryStore directory;
    private final BookingService service;
    private final FreeSlotFinder finder;
    private final SlotRegeneration regeneration;
    private final DynamoOutbox outbox;
    private final DynamoAppointmentStore appointments;
    private final DynamoSlotStore slots;
    private final String publicBaseUrl;
    private final SiteBoard board;
    private final BookingMessages messages;
    private final MessageQueue sender;
    private final StopCancellation stopCancellation;
    private final BookingRules rules;
    private final Waitlist waitlist;

    /** A context whose waitlist offers hold a place {@link #WAITLIST_HOLD}. */
    public BookingContext(String territoryId, Clock clock, DirectoryStore directory, DynamoDbClient dynamo,
            String table, Duration retention, BookingRules rules, String publicBaseUrl, MessageQueue queue,
            ContactStore contacts, String singleNumber) {
        this(territoryId, clock, directory, dynamo, table, retention, rules, publicBaseUrl, queue, contacts, singleNumber,
                WAITLIST_HOLD);
    }

    /**
     * @param singleNumber the territory's number (E.164) messages give past the cancellation deadline, or null
     * @param waitlistHold how long a place offered to the waitlist is held for the citizen
     */
    public BookingContext(String territoryId, Clock clock, DirectoryStore directory, DynamoDbClient dynamo,
            String table, Duration retention, BookingRules rules, String publicBaseUrl, MessageQueue queue,
            ContactStore contacts, String singleNumber, Duration waitlistHold) {
        this.rules = rules;
        this.territoryId = territoryId;
        this.clock = clock;
        this.directory = directory;
        this.publicBaseUrl = publicBaseUrl;
        DynamoSlotStore slots = new DynamoSlotStore(dynamo, table, clock, retention);
        this.outbox = new DynamoOutbox(dynamo, table, clock, retention);
        this.sender = queue == null ? outbox : queue;
        this.appointments = new DynamoAppointmentStore(dynamo, table, clock, retention, this.sender);
        this.messages = new BookingMessages(territoryId, directory, publicBaseUrl, rules, singleNumber, clock);
        Notifier notifier = new MessagingNotifier(messages, this.sender);
        AppointmentHistory history = new AppointmentHistory(contacts);
        this.slots = slots;
        this.service = new BookingService(territoryId, directory, slots, appointments, notifier, history, rules, clock);
        this.finder = new FreeSlotFinder(territoryId, directory, slots, clock);
        this.regeneration = new SlotRegeneration(new SlotGenerator(new FrenchHolidays()), slots, appointments, notifier, history, clock);
        this.board = new SiteBoard(territoryId, directory, slots, clock);
        this.stopCancellation = new StopCancellation(territoryId, directory, regeneration);
        this.waitlist = new Waitlist(territoryId, directory, slots, new DynamoWaitlistStore(dynamo, table, clock, retention, this.sender),
                notifier, messages, history, waitlistHold, clock);
    }

    /** How long a place offered to the waitlist is held when {@code WAITLIST_HOLD} does not say. */
    public static final Duration WAITLIST_HOLD = Duration.ofHours(2);

    static BookingContext fromEnvironment(AppContext app) {
        BookingRules rules = new BookingRules(Duration.parse(Environment.optional("CANCELLATION_DELAY").orElse("PT48H")));
        // aws: queued in MessagesTable, sent by MessageSenderFunction; outbox (development only): kept in BookingTable.
        MessageQueue sender = "outbox".equals(Environment.optional("NOTIFIER").orElse("aws"))
                ? null
                : new DynamoMessageQueue(app.dynamo(), Environment.required("MESSAGES_TABLE"), app.clock(), KmsMessageSeal.fromEnvironment());
        return new BookingContext(app.territoryId(), app.clock(), app.directory(), app.dynamo(),
                Environment.required("BOOKING_TABLE"), app.retention(), rules,
                Environment.optional("PUBLIC_BASE_URL").orElse("http://127.0.0.1:3000"), sender, app.contacts(),
                Environment.optional("TERRITORY_PHONE_NUMBER").orElse(null),
                Environment.optional("WAITLIST_HOLD").map(Duration::parse).orElse(WAITLIST_HOLD));
    }

    /** Citizens waiting for a place, offered the places that free. */
    public Waitlist waitlist() {
        return waitlist;
    }

    public String territoryId() {
        return territoryId;
    }

    public Clock clock() {
        return clock;
    }

    /** The cancellation deadline, shown with every slot and in messages. */
    public BookingRules rules() {
        return rules;
    }

    public DirectoryStore directory() {
        return directory;
    }

    public BookingService service() {
        return service;
    }

    public DynamoAppointmentStore appointments() {
        return appointments;
    }

    /** Slots with their booked counts: the fill rate of permanences. */
    public DynamoSlotStore slots() {
        return slots;
    }

    public FreeSlotFinder finder() {
        return finder;
    }

    /** The French texts citizens receive. */
    public BookingMessages messages() {
        return messages;
    }

    /** Messages are kept in BookingTable's outbox (NotifierMode outbox, development) rather than queued to be sent. */
    public boolean keepsOutbox() {
        return sender == outbox;
    }

    /** Where messages go: MessagesTable (then SNS and SES), or the outbox. */
    public MessageSender sender() {
        return sender;
    }

    /** The lobby board of a site: today's and tomorrow's permanences. */
    public SiteBoard board() {
        return board;
    }

    /** Slots following a permanence or a site that changed (the back office's edits, an import). */
    public SlotRegeneration regeneration() {
        return regeneration;
    }

    /** Cancels a mobile site's stop and, through regeneration, the appointments booked there. */
    public StopCancellation stopCancellation() {
        return stopCancellation;
    }

    /** The local outbox; on AWS it stays empty as messages leave by SNS and SES. */
    public DynamoOutbox outbox() {
        return outbox;
    }

    /** The absolute management link of an appointment, for the calendar file. */
    public String managementUrl(String appointmentId, String token) {
        return publicBaseUrl + BookingMessages.managementPath(appointmentId, token);
    }

    /**
     * The import of a territory file into one of the stack's territories (docs/operations.md, Territory file): its slots follow
     * through this context's regeneration, and the citizens of cancelled appointments are told through its notifier.
     *
     * @param territoryIds the territories of the stack's number (TerritoryId, then RegionTerritoryIds)
     */
    public TerritoryImport territoryImport(VoiceMenuStore voice, java.util.Set<String> territoryIds) {
        return new TerritoryImport(territoryIds, directory, voice, regeneration, clock);
    }

    /** Regenerates one permanence's slots: after an edit, and from the daily schedule. */
    public SlotPlan regenerate(Permanence permanence) {
        Site site = directory.site(territoryId, permanence.siteId())
                .orElseThrow(() -> new IllegalStateException("permanence " + permanence.id() + " is held at an unknown site"));
        return regeneration.regenerate(permanence, site);
    }

    /** Regenerates every permanence of the territory; idempotent, so a repeated run changes nothing. */
    public Regenerated regenerateAll() {
        Map<String, Site> sites = directory.sites(territoryId).stream().collect(Collectors.toMap(Site::id, Function.identity()));
        int permanences = 0, created = 0, deleted = 0, orphaned = 0;
        for (Permanence permanence : directory.permanences(territoryId)) {
            Site site = sites.get(permanence.siteId());
            if (site == null) {
                Log.info("slots.permanence.without.site", Map.of("permanenceId", permanence.id()));
                continue;
            }
            SlotPlan plan = regeneration.regenerate(permanence, site);
            permanences++;
            created += plan.toCreate().size();
            deleted += plan.toDelete().size();
            orphaned += plan.orphaned().size();
        }
        return new Regenerated(permanences, created, deleted, orphaned);
    }

    /** What a regeneration run did, for its log line and the schedule's answer. */
    public record Regenerated(int permanences, int created, int deleted, int orphaned) {
        public Map<String, Object> toMap() {
            return Map.of("permanences", permanences, "created", created, "deleted", deleted, "orphaned", orphaned);
        }
    }

    /** Reminds every citizen booked tomorrow (tomorrow at each site); returns how many appointments. */
    public int sendTomorrowsReminders() {
        int reminded = 0;
        for (Site site : directory.sites(territoryId)) {
            LocalDate tomorrow = LocalDate.now(clock.withZone(site.zone())).plusDays(1);
            reminded += service.sendReminders(site.id(), tomorrow);
        }
        return reminded;
    }
}

package fr.accueil.handlers.api;

import fr.accueil.domain.audit.AuditTrail;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.privacy.ContactRecords;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoPersonalDataEraser;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Agents' view of a contact (bearer JWT): {@code GET /api/agent/contacts/{phone}/history?limit=}, the
 * export of everything kept about them {@code GET …/export} (GDPR access) and their erasure
 * {@code DELETE /api/agent/contacts/{phone}} (GDPR erasure). {@code {phone}} is a phone number in any
 * usual French or E.164 writing, or the email of a citizen who booked with an email only. Exports and
 * erasures are logged with the agent and the masked contact, for the record of requests. Export and erasure
 * belong to the data protection officer; the history is read by agents (the entries of their sites only),
 * coordinators and the data protection officer.
 */
public final class ApiAgentContactsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final int DEFAULT_LIMIT = 50;

    private final ContactRecords records;
    private final Clock clock;
    private final AgentAudit audit;

    public ApiAgentContactsHandler() {
        this(records(AppContext.get()), AppContext.get().audit(), AppContext.get().clock());
    }

    public ApiAgentContactsHandler(ContactRecords records, AuditTrail audit, Clock clock) {
        this.records = records;
        this.clock = clock;
        this.audit = new AgentAudit(audit, clock);
    }

    private static ContactRecords records(AppContext app) {
        return new ContactRecords(app.contacts(), CallbackContext.get().store(), app.booking().appointments(),
                new DynamoPersonalDataEraser(app.dynamo(), Environment.required("CONTACTS_TABLE"),
                        Environment.required("CALLBACKS_TABLE"), Environment.required("BOOKING_TABLE"),
                        Environment.required("SATISFACTION_TABLE"), Environment.required("MESSAGES_TABLE"),
                        app.booking().keepsOutbox(), app.clock()), app.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = ApiRequests.route(event);
        boolean personalData = route.startsWith("DELETE ") || route.endsWith("/export");
        AgentAccess.Checked checked = personalData
                ? AgentAccess.check(event, AgentAccess.Action.PERSONAL_DATA,
                        "L’export et l’effacement des données d’un usager sont réservés au délégué à la protection des données.")
                : AgentAccess.check(event, AgentAccess.Action.HISTORY,
                        "L’historique d’un usager est réservé aux agents, coordinateurs et au délégué à la protection des données.");
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        AgentAccess access = checked.access();
        try {
            Optional<String> contact = contactKey(ApiRequests.path(event, "phone"));
            if (contact.isEmpty()) {
                return ApiRequests.invalidInput(List.of(Map.of("field", "phone",
                        "message", "Indiquez un numéro de téléphone valide ou une adresse e-mail.")),
                        "Indiquez un numéro de téléphone valide ou une adresse e-mail.");
            }
            if (route.startsWith("DELETE ")) {
                return erase(contact.get(), access);
            }
            if (route.endsWith("/export")) {
                return export(contact.get(), access);
            }
            return history(event, contact.get(), access);
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.agent.contacts.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    /** E.164 for a number, lower case for an email; empty when it is neither. */
    static Optional<String> contactKey(String text) {
        if (text == null || text.isBlank() || text.length() > 254) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.contains("@")) {
            return value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") ? Optional.of(value.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
        return PhoneNumbers.toE164(value);
    }

    private APIGatewayV2HTTPResponse history(APIGatewayV2HTTPEvent event, String contact, AgentAccess access) {
        int limit = ApiRequests.number(event, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > 500) {
            return ApiRequests.invalidInput(List.of(Map.of("field", "limit", "message", "La limite doit être entre 1 et 500.")),
                    "La limite doit être entre 1 et 500.");
        }
        // An agent of some sites reads the entries of those sites only (a call not yet routed to a site is none of them).
        boolean everything = access.territoryWide(AgentAccess.Action.HISTORY);
        List<Map<String, Object>> entries = records.history(contact, limit).stream()
                .filter(i -> everything || access.covers(AgentAccess.Action.HISTORY, i.details().get("siteId"), i.details().get("partnerId")))
                .map(ApiAgentContactsHandler::entry).toList();
        return HttpResponses.json(200, Map.of("contact", contact, "history", entries));
    }

    private APIGatewayV2HTTPResponse export(String contact, AgentAccess access) {
        ContactRecords.Export export = records.export(contact);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("contact", contact);
        json.put("exportedAt", clock.instant().toString());
        export.contact().ifPresent(c -> {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("phone", c.phone());
            profile.put("name", c.name());
            profile.put("email", c.email());
            profile.put("preferredSiteId", c.preferredSiteId());
            profile.put("lastThemeId", c.lastThemeId());
            profile.put("profileUpdatedAt", c.profileUpdatedAt() == null ? null : c.profileUpdatedAt().toString());
            profile.put("language", c.language());
            json.put("profile", profile);
        });
        json.put("history", export.history().stream().map(ApiAgentContactsHandler::entry).toList());
        json.put("callbacks", export.callbacks().stream().map(CallbackJson::of).toList());
        json.put("appointments", export.appointments().stream().map(a -> BookingJson.appointment(a, true)).toList());
        Log.info("api.agent.contact.exported", Map.of("agent", access.agent(), "contact", masked(contact),
                "entries", export.history().size()));
        audit.record(access, "contact-exported", Map.of("contact", masked(contact),
                "historyEntries", Integer.toString(export.history().size())));
        return HttpResponses.text(200, "application/json; charset=utf-8", Json.write(json),
                Map.of("Content-Disposition", "attachment; filename=\"donnees-contact.json\""));
    }

    private APIGatewayV2HTTPResponse erase(String contact, AgentAccess access) {
        ContactRecords.Erasure erasure = records.erase(contact);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("historyItemsDeleted", erasure.items());
        json.put("callbacksDeleted", erasure.callbacks());
        json.put("callbacksClosed", erasure.callbacksClosed());
        json.put("appointmentsDeleted", erasure.appointments());
        json.put("appointmentsCancelled", erasure.appointmentsCancelled());
        json.put("surveyItemsDeleted", erasure.surveyItems());
        json.put("messagesDeleted", erasure.messages());
        Map<String, Object> log = new LinkedHashMap<>(json);
        log.put("agent", access.agent());
        log.put("contact", masked(contact));
        Log.info("api.agent.contact.erased", log);
        // The erased citizen's number stays out of the trail: the masked one says which request it was.
        Map<String, String> details = new LinkedHashMap<>();
        json.forEach((k, v) -> details.put(k, String.valueOf(v)));
        details.put("contact", masked(contact));
        audit.record(access, "contact-erased", details);
        return HttpResponses.json(200, json);
    }

    private static Map<String, Object> entry(Interaction interaction) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", interaction.id());
        json.put("at", interaction.at().toString());
        json.put("channel", interaction.channel());
        json.put("kind", interaction.kind());
        json.put("details", interaction.details());
        return json;
    }

    private static String masked(String contact) {
        return contact.contains("@") ? contact.charAt(0) + "***" + contact.substring(contact.indexOf('@')) : PhoneNumbers.mask(contact);
    }
}

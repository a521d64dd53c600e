package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.handlers.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A site and one permanence a test opens through the back office, as a coordinator, under ids of its own: what other
 * tests of the shared stack book, cancel or wait for never meets it. {@link #close()} removes both.
 */
final class OpenedSite implements AutoCloseable {
    static final String COORDINATOR = token("coordinatrice", List.of("coordinators"), "*", null);

    final String siteId;
    final String permanenceId;
    final String partnerId;
    final String themeId;
    final String postcode;
    final String city;

    private OpenedSite(String siteId, String partnerId, String themeId, String postcode, String city) {
        this.siteId = siteId;
        this.permanenceId = partnerId + "-" + siteId;
        this.partnerId = partnerId;
        this.themeId = themeId;
        this.postcode = postcode;
        this.city = city;
    }

    /** Opens « France Services {city} » (weekday mornings) with the partner's permanence for the theme. */
    static OpenedSite open(String city, String postcode, String partnerId, String themeId, int capacity) throws Exception {
        OpenedSite opened = new OpenedSite(city.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8), partnerId, themeId,
                postcode, city);
        HttpResponse<String> site = send("PUT", "/api/admin/sites/" + opened.siteId, opened.site(List.of()), COORDINATOR);
        assertEquals(200, site.statusCode(), site.body());
        HttpResponse<String> permanence = send("PUT", "/api/admin/permanences/" + opened.permanenceId,
                opened.permanence("09:00-12:00", capacity), COORDINATOR);
        assertEquals(200, permanence.statusCode(), permanence.body());
        return opened;
    }

    static String token(String subject, List<String> groups, String sites, String partner) {
        return RunningStack.get().agentTokens().issue(new DevAgentTokens.Agent(subject, groups, sites, partner), Duration.ofHours(1));
    }

    static HttpResponse<String> send(String method, String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        return RunningStack.send(request.build());
    }

    /** The site as the back office takes it, open weekday mornings, with these closures. */
    Map<String, Object> site(List<Object> closures) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("name", "France Services " + city);
        site.put("address", Map.of("street", "1 place de la Mairie", "postcode", postcode, "city", city));
        site.put("postcodesServed", List.of(postcode));
        site.put("timeZone", "Europe/Paris");
        List<String> mornings = List.of("09:00-12:00");
        site.put("hours", Map.of("MONDAY", mornings, "TUESDAY", mornings, "WEDNESDAY", mornings, "THURSDAY", mornings, "FRIDAY", mornings));
        site.put("closures", closures);
        return site;
    }

    /** The permanence, weekdays in this window, half-hour slots of this capacity, over 30 days. */
    Map<String, Object> permanence(String window, int capacity) {
        Map<String, Object> permanence = new LinkedHashMap<>();
        permanence.put("partnerId", partnerId);
        permanence.put("siteId", siteId);
        permanence.put("themeIds", List.of(themeId));
        permanence.put("recurrence", Map.of("kind", "weekly", "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
                "everyWeeks", 1));
        permanence.put("window", window);
        permanence.put("slotMinutes", 30);
        permanence.put("capacity", capacity);
        permanence.put("minNotice", "PT2H");
        permanence.put("horizonDays", 30);
        return permanence;
    }

    /** The permanence's free slots over 30 days, found by this query (site, postcode or commune). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> slots(String query) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        HttpResponse<String> answer = Citizen.get("/api/slots?theme=" + themeId + "&" + query + "&from=" + today + "&to="
                + today.plusDays(30) + "&pageSize=100");
        assertEquals(200, answer.statusCode(), answer.body());
        return ((List<Map<String, Object>>) Json.readObject(answer.body()).get("slots")).stream()
                .filter(slot -> permanenceId.equals(((String) slot.get("id")).split("#")[0])).toList();
    }

    /** Removes the permanence, then the site: the demo territory as it was. */
    @Override
    public void close() throws Exception {
        send("DELETE", "/api/admin/permanences/" + permanenceId, null, COORDINATOR);
        send("DELETE", "/api/admin/sites/" + siteId, null, COORDINATOR);
    }
}

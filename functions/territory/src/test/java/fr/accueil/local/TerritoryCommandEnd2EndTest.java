package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import fr.accueil.territory.TerritoryMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The territory command as an operator runs it (its own JVM, the SDK's default credentials chain) against the local
 * runner started as a stack just deployed for a territory nobody imported yet: a territory written for this test (the
 * south of the Creuse) is checked, imported, imported again, exported, and then serves its citizens: sites listed,
 * slots found by commune and by postcode, a booking, a call routed by its menu. In the package of the runner, whose
 * start is package-private.
 */
class TerritoryCommandEnd2EndTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static LocalStack stack;
    private static Path creuse;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, null, false, null, null, null, null, null, "creuse-sud",
                LocalEventBridge.Webhook.none(), null), 1.0);
        creuse = dir.resolve("creuse.json");
        try (var in = TerritoryCommandEnd2EndTest.class.getResourceAsStream("/creuse-territory.json")) {
            Files.write(creuse, in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTerritoryImportedWithTheCommandServesItsCitizens(@TempDir Path dir) throws Exception {
        Run dry = command("import", creuse.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("essai (--dry-run), rien n’est écrit"), dry.out());
        assertTrue(dry.out().contains("sites : 2 créés (gueret, aubusson)"), dry.out());
        assertEquals(200, get("/api/sites").statusCode());
        assertFalse(get("/api/sites").body().contains("Guéret"), "a dry run writes nothing");

        Run imported = command("import", creuse.toString());
        assertEquals(0, imported.code(), imported.toString());
        assertTrue(imported.out().contains("Territoire « creuse-sud » : importé"), imported.out());
        assertTrue(imported.out().contains("permanences : 3 créées (caf-gueret, cpam-aubusson, mission-locale-gueret)"), imported.out());
        assertTrue(imported.out().contains("menu : 1 créé (menu)"), imported.out());

        Run again = command("import", creuse.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("Rien ne change dans le territoire."), again.out());
        assertTrue(again.out().contains("créneaux : 0 ouverts, 0 retirés"), again.out());

        Path exported = dir.resolve("export.json");
        Run export = command("export", "--out", exported.toString());
        assertEquals(0, export.code(), export.toString());
        LocalDate today = LocalDate.now(PARIS);
        Territory file = TerritoryFormat.parse(Json.readObject(Files.readString(creuse)), today);
        assertEquals(byId(file), byId(TerritoryFormat.parse(Json.readObject(Files.readString(exported)), today)),
                "export gives the file's territory back, its items in the table's order");

        HttpResponse<String> sites = get("/api/sites");
        assertTrue(sites.body().contains("France Services Guéret") && sites.body().contains("France Services Aubusson"), sites.body());
        String window = "&from=" + today + "&to=" + today.plusDays(30);
        HttpResponse<String> byCommune = get("/api/slots?partner=caf-creuse&commune=gueret" + window);
        assertEquals(200, byCommune.statusCode(), byCommune.body());
        List<String> slots = slotIds(byCommune.body());
        assertFalse(slots.isEmpty(), byCommune.body());
        HttpResponse<String> byPostcode = get("/api/slots?partner=caf-creuse&postcode=23380" + window);
        assertEquals(slotIds(byPostcode.body()), slots, "Guéret serves 23380");

        HttpResponse<String> booked = post("/api/appointments", Json.write(Map.of("slotId", slots.get(slots.size() - 1),
                "name", "Jeanne Marais", "phone", "06 55 12 34 56", "email", "jeanne@example.fr")),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, booked.statusCode(), booked.body());
        assertTrue(booked.body().contains("France Services Guéret") || booked.body().contains("gueret"), booked.body());

        // The same file keeps the booking; a closure on its day, imported, cancels it and tells the citizen.
        Run kept = command("import", creuse.toString());
        assertTrue(kept.out().contains("rendez-vous annulés, usagers prévenus : 0"), kept.out());
        String day = LocalDate.parse(slots.get(slots.size() - 1).split("#")[1].substring(0, 8),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE).toString();
        Path closed = dir.resolve("closed.json");
        Files.writeString(closed, Files.readString(creuse).replace("\"phone\": \"+33555000101\",",
                "\"phone\": \"+33555000101\", \"closures\": [{\"from\": \"" + day + "\", \"to\": \"" + day
                        + "\", \"reason\": \"Formation des agents\"}],"));
        Run closing = command("import", closed.toString());
        assertEquals(0, closing.code(), closing.toString());
        assertTrue(closing.out().contains("fermetures : 1 créée (gueret " + day + "/" + day + ")"), closing.out());
        assertTrue(closing.out().contains("rendez-vous annulés, usagers prévenus : 1"), closing.out());
        // Queued with the cancellation, sent by MessageSenderFunction from the table's stream: the runner's mailbox.
        String mailbox = "";
        for (long until = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < until; Thread.sleep(200)) {
            mailbox = get(DevMailbox.JSON_PATH).body();
            if (mailbox.contains("Nous devons annuler votre rendez-vous") && mailbox.contains("jeanne@example.fr")) {
                break;
            }
        }
        assertTrue(mailbox.contains("Nous devons annuler votre rendez-vous") && mailbox.contains("jeanne@example.fr"), mailbox);
        assertFalse(slotIds(get("/api/slots?partner=caf-creuse&commune=gueret" + window).body()).stream()
                .anyMatch(id -> id.contains("#" + day.replace("-", ""))), "no slot on the closed day");

        // Monday 10:00 in Guéret: the site is open, the caller hears the territory's own menu and reaches its queue.
        LocalDate monday = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        Environment.setLocally("FIXED_CLOCK", monday.atTime(10, 0).atZone(PARIS).toInstant().toString());
        try {
            Map<String, Object> call = Json.readObject(post("/api/phone/calls", "{\"from\":\"+33655123499\"}", Map.of()).body());
            String id = (String) call.get("callId");
            String transcript = get("/api/phone/calls/" + id).body();
            assertTrue(transcript.contains("France Services du sud de la Creuse"), transcript);
            Map<String, Object> queued = Json.readObject(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"3\"}", Map.of()).body());
            assertEquals("in-queue", queued.get("status"), queued.toString());
            assertEquals("emploi", ((Map<?, ?>) queued.get("outcome")).get("queue"), queued.toString());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
    }

    @Test
    void aBadFileIsToldWholeAndAnUnreadableStackApart(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(creuse)
                .replace("\"capacity\": 4", "\"capacity\": 0")
                .replace("\"window\": \"14:00-17:00\"", "\"window\": \"17:00-14:00\"")
                .replace("\"postcode\": \"23200\"", "\"postcode\": \"2320\""));
        Run refused = command("import", bad.toString());
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("permanences[2].capacity : nombre entier entre 1 et 1000 attendu"), refused.err());
        assertTrue(refused.err().contains("permanences[1].window : la plage finit (14:00) avant de commencer (17:00)"), refused.err());
        assertTrue(refused.err().contains("sites[1].address.postcode : code postal français attendu"), refused.err());

        Path other = dir.resolve("other.json");
        Files.writeString(other, Files.readString(creuse).replace("\"creuse-sud\"", "\"creuse-nord\""));
        Run elsewhere = command("import", other.toString(), "--dry-run");
        assertEquals(2, elsewhere.code(), elsewhere.toString());
        assertTrue(elsewhere.err().contains("ce fichier décrit le territoire « creuse-nord », cette pile sert le territoire « creuse-sud »"),
                elsewhere.err());

        Run unknown = command("--stack", "no-such-stack", "import", creuse.toString());
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("Pile « no-such-stack » illisible"), unknown.err());
    }

    /** The territory with its items in the order of their ids. */
    private static Territory byId(Territory t) {
        return new Territory(t.id(), t.name(), sorted(t.sites(), fr.accueil.domain.directory.Site::id),
                sorted(t.themes(), fr.accueil.domain.directory.Theme::id), sorted(t.partners(), fr.accueil.domain.directory.Partner::id),
                sorted(t.permanences(), fr.accueil.domain.directory.Permanence::id), t.menu(), t.routing(), t.postcodes());
    }

    private static <T> List<T> sorted(List<T> items, java.util.function.Function<T, String> id) {
        return items.stream().sorted(java.util.Comparator.comparing(id)).toList();
    }

    private record Run(int code, String out, String err) {
    }

    /** The command in its own JVM, with access keys in its environment as an operator's default chain finds them. */
    private static Run command(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TerritoryMain.class.getName()));
        if (!List.of(args).contains("--stack")) {
            command.addAll(List.of("--stack", LocalControlPlane.STACK_NAME));
        }
        command.addAll(List.of("--region", "eu-central-1",
                "--cloudformation-endpoint", "http://127.0.0.1:" + stack.controlPlanePort(),
                "--aws-endpoint", "http://127.0.0.1:" + stack.dynamoPort()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().remove("AWS_PROFILE");
        // The runner's KMS listens apart from its DynamoDB, as a service's own endpoint variable says.
        builder.environment().put("AWS_ENDPOINT_URL_KMS", Environment.required("AWS_ENDPOINT_URL_KMS"));
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command ends");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<String> slotIds(String body) throws Exception {
        return ((List<Map<String, Object>>) Json.readObject(body).get("slots")).stream().map(s -> (String) s.get("id")).toList();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + stack.httpPort() + path);
    }
}

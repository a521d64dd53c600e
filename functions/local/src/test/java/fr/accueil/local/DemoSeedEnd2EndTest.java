package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.AppContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A territory file seeded by the runner: into the running stack's DirectoryTable (the internal flag, the menu), and
 * through the runner's own command line: a territory other than the demo is served under its id; a bad file stops
 * the runner with every problem and code 2 before anything starts.
 */
class DemoSeedEnd2EndTest {
    private static final Path EXAMPLE = EmbeddedStack.repositoryRoot().resolve("seed/example-territory.json");

    @Test
    void aTerritoryIsSeededWholeAndAWrongFlagSeedsNothing() throws Exception {
        RunningStack.get();
        DirectoryStore directory = AppContext.get().directory();
        VoiceMenuStore voice = AppContext.get().voiceMenus();
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Territory territory = DemoSeed.read(example(id, "true"), LocalDate.now());
        DemoSeed.Summary summary = DemoSeed.seed(territory, new TerritoryImport(id, directory, voice,
                AppContext.get().booking().regeneration(), AppContext.get().clock()));
        assertEquals(new DemoSeed.Summary(id, 2, 2, 3, 2), summary);
        assertEquals(List.of(new Theme("allocations", "Allocations familiales", "social", false),
                new Theme("emploi", "Emploi et formation", "emploi", false),
                new Theme("supervision", "Rappel par un responsable", "supervision", true)),
                directory.themes(id).stream().sorted(java.util.Comparator.comparing(Theme::id)).toList());
        assertEquals(territory.menu(), voice.menu(id).orElseThrow());
        assertEquals(territory.routing(), voice.routingRules(id).orElseThrow());

        InvalidTreeException refused = assertThrows(InvalidTreeException.class,
                () -> DemoSeed.read(example("t-" + UUID.randomUUID().toString().substring(0, 8), "\"oui\""),
                        LocalDate.now()));
        assertEquals(List.of("themes[0].internal : true ou false attendu"), refused.problems());
    }

    @Test
    void theRunnerServesTheTerritoryOfItsFile() throws Exception {
        Process runner = runner("--seed", EXAMPLE.toString(), "--http-port", "0", "--invoke-port", "0", "--dynamodb-port", "0");
        try {
            StringBuilder banner = new StringBuilder();
            int port = banner(runner, banner);
            assertTrue(banner.toString().contains("Seeded territory 'vallee-de-la-bruche': 2 sites, 2 partners, 2 themes, 2 permanences"),
                    banner.toString());
            HttpResponse<String> sites = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/sites")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sites.statusCode(), sites.body());
            assertTrue(sites.body().contains("France Services Schirmeck") && !sites.body().contains("Metz"), sites.body());
        } finally {
            runner.destroy();
            assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner stops on SIGTERM");
        }
    }

    @Test
    void twoSeedsShareTheRunnersNumberAndTheCallerIsRoutedByPostcode() throws Exception {
        Process runner = runner("--seed", "seed/demo-territory.json", "--seed", "seed/demo-territory-2.json",
                "--fixed-clock", Citizen.MONDAY_MORNING, "--http-port", "0", "--invoke-port", "0", "--dynamodb-port", "0");
        try {
            StringBuilder banner = new StringBuilder();
            int port = banner(runner, banner);
            assertTrue(banner.toString().contains("Seeded territory 'demo'"), banner.toString());
            assertTrue(banner.toString().contains("Seeded territory 'vosges': 2 sites, 3 partners, 3 themes, 2 permanences"),
                    banner.toString());
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api/phone/calls";
            HttpResponse<String> call = client.send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"+33611000070\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, call.statusCode(), call.body());
            assertTrue(call.body().contains("composez votre code postal"), call.body());
            String callId = (String) fr.accueil.handlers.Json.readObject(call.body()).get("callId");
            HttpResponse<String> keyed = client.send(HttpRequest.newBuilder(URI.create(base + "/" + callId + "/input"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"digits\": \"88100\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, keyed.statusCode(), keyed.body());
            assertTrue(keyed.body().contains("Bienvenue à France Services des Vosges"), keyed.body());
            // Each territory in its own partition: importing the Vosges left the stack's own territory whole.
            HttpResponse<String> sites = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/sites")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(sites.body().contains("France Services Metz-Borny") && sites.body().contains("Pont-à-Mousson")
                    && !sites.body().contains("Épinal"), sites.body());
        } finally {
            runner.destroy();
            assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner stops on SIGTERM");
        }
    }

    @Test
    void aBadFileStopsTheRunnerWithEveryProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(EXAMPLE)
                .replace("\"capacity\": 1, \"minNotice\": \"PT2H\"", "\"capacity\": 0, \"minNotice\": \"PT2H\"")
                .replace("\"window\": \"14:00-17:00\"", "\"window\": \"12:00-09:00\"")
                .replace("\"horizonDays\": 45", "\"horizonDays\": -1"));
        Process runner = runner("--seed", bad.toString());
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner exits by itself");
        String output = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, runner.exitValue(), output);
        assertTrue(output.contains(bad + " : Territoire invalide :"), output);
        assertTrue(output.contains("- permanences[0].window : la plage finit (09:00) avant de commencer (12:00)"), output);
        assertTrue(output.contains("- permanences[0].capacity : nombre entier entre 1 et 1000 attendu"), output);
        assertTrue(output.contains("- permanences[0].horizonDays : nombre entier entre 1 et 730 attendu"), output);

        Process missing = runner("--seed", dir.resolve("nowhere.json").toString());
        assertTrue(missing.waitFor(60, TimeUnit.SECONDS));
        String said = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, missing.exitValue(), said);
        assertTrue(said.contains("nowhere.json : fichier introuvable"), said);
    }

    /** The example of docs/operations.md under another id, with an internal theme (its flag as given), which no menu offers. */
    private static InputStream example(String id, String internal) throws Exception {
        String text = Files.readString(EXAMPLE).replace("vallee-de-la-bruche", id).replace("\"themes\": [",
                "\"themes\": [{\"id\": \"supervision\", \"label\": \"Rappel par un responsable\", \"queue\": \"supervision\", "
                        + "\"internal\": " + internal + "},");
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the runner's start-up banner into {@code banner}; the port of its HTTP API. */
    private static int banner(Process runner, StringBuilder banner) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
        Integer port = null;
        Pattern http = Pattern.compile("HTTP API, pages\\s+http://127\\.0\\.0\\.1:(\\d+)");
        for (String line = out.readLine(); line != null && !line.startsWith("Try:"); line = out.readLine()) {
            banner.append(line).append('\n');
            Matcher m = http.matcher(line);
            if (m.find()) {
                port = Integer.valueOf(m.group(1));
            }
        }
        assertNotNull(port, banner.toString());
        return port;
    }

    /** The runner as an operator starts it: its own JVM, from the repository's root. */
    private static Process runner(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(EmbeddedStack.repositoryRoot().toFile()).redirectErrorStream(true).start();
    }
}

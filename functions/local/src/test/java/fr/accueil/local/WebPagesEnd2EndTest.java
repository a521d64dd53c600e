package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web pages in headless Chromium (Debian's {@code /usr/bin/chromium}), driven by the Node tests of
 * {@code web-tests/} (playwright-core, axe-core; installed by {@code npm ci} in the build) against the
 * shared local runner: the citizen's book-move-cancel flow, booking with the keyboard alone, a bus stop's
 * booking, the agent's claim-and-complete, a contact's history, booking for a caller, the survey and the
 * lobby board, and axe-core on every page of {@code web/} and on their main states. Screenshots and page
 * weights go to {@code functions/local/target/screenshots/}. A missing Chromium fails the test.
 */
class WebPagesEnd2EndTest {
    private static final Path CHROMIUM = Paths.get(System.getProperty("accueil.chromium", "/usr/bin/chromium"));

    @Test
    void thePagesWorkInHeadlessChromium() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Chromium is required for the web page tests and was not found at "
                + CHROMIUM + ": install Debian's package (apt-get install -y chromium), as .ci/run does");
        Path root = EmbeddedStack.repositoryRoot();
        Path tests = root.resolve("web-tests");
        assertTrue(Files.isDirectory(tests.resolve("node_modules/playwright-core")),
                "web-tests/node_modules is missing: the build runs npm ci there before the tests (mvn test)");
        LocalStack stack = RunningStack.get();
        String phone = "+3362" + String.format("%07d", (long) (Math.random() * 10_000_000));
        String callbackId = requestCallback(stack, phone);
        // Two real invitations: one the accessibility check opens unanswered, one the survey test answers.
        String surveyLink = surveyLink();
        String surveyToAnswer = surveyLink();
        // A caller who hung up while waiting: the statistics page's queue figures of that day.
        ContactEventsEnd2EndTest.hangUpInQueue();
        Path screenshots = root.resolve("functions/local/target/screenshots");
        Files.createDirectories(screenshots);
        Path log = Files.createTempFile("web-tests", ".log");

        List<String> command = new java.util.ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
        // -Daccueil.webTests=agent.test.mjs,… runs only those files (a page's own tests while working on it).
        String only = System.getProperty("accueil.webTests", "");
        if (!only.isBlank()) {
            command.addAll(List.of(only.split(",")));
        }
        ProcessBuilder node = new ProcessBuilder(command)
                .directory(tests.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = node.environment();
        env.put("BASE_URL", "http://127.0.0.1:" + stack.httpPort());
        env.put("AGENT_TOKEN", stack.devAgentToken());
        env.put("CALLBACK_ID", callbackId);
        env.put("CALLBACK_PHONE", phone);
        env.put("SURVEY_LINK", surveyLink);
        env.put("SURVEY_LINK_TO_ANSWER", surveyToAnswer);
        env.put("SCREENSHOT_DIR", screenshots.toString());
        env.put("WEB_DIR", root.resolve("web").toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(output);
        assertTrue(finished, "the browser tests took more than 5 minutes");
        assertEquals(0, process.exitValue(), "browser tests failed:\n" + output);
        assertTrue(!only.isBlank() || Files.exists(screenshots.resolve("citizen-2-confirmation.png")), "screenshots are saved");
    }

    /**
     * A survey link as citizens receive it: an appointment booked online, the hourly ScheduledSurveySenderFunction run
     * (Invoke endpoint) once the appointment has ended — the functions' clock set past its end —, and the link read
     * from the message it sent (the runner's mailbox). Its path, {@code /avis.html?rdv=…&token=…}.
     */
    @SuppressWarnings("unchecked")
    private static String surveyLink() throws Exception {
        String phone = "+3365" + String.format("%07d", (long) (Math.random() * 10_000_000));
        Citizen.Booked booked = Citizen.book("cpam", "Lucie Avis", phone, "lucie.avis@example.fr");
        Map<String, Object> appointment = (Map<String, Object>) Json.readObject(
                Citizen.get("/api/appointments/" + booked.id() + "?token=" + booked.token()).body()).get("appointment");
        Instant ended = OffsetDateTime.parse((String) appointment.get("end")).toInstant().plusSeconds(300);
        Environment.setLocally("FIXED_CLOCK", ended.toString());
        try {
            var sent = RunningStack.send(java.net.http.HttpRequest.newBuilder(RunningStack.invoke("ScheduledSurveySenderFunction"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(
                            EmbeddedStack.repositoryRoot().resolve("events/ScheduledSurveySenderFunction.json"))).build());
            assertEquals(200, sent.statusCode(), sent.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        Pattern link = Pattern.compile("/avis\\.html\\?rdv=" + Pattern.quote(booked.id()) + "&token=[A-Za-z0-9_-]+");
        List<Map<String, Object>> sent = Mailbox.await(1, message -> link.matcher(String.valueOf(message.get("text"))).find());
        for (Map<String, Object> message : sent) {
            Matcher found = link.matcher((String) message.get("text"));
            if (phone.equals(message.get("to")) && found.find()) {
                return found.group();
            }
        }
        throw new AssertionError("no survey link was sent for " + booked.id() + ": " + sent);
    }

    /** A callback asked for in a call, as the voice menu does, for the agent to work. */
    private static String requestCallback(LocalStack stack, String phone) throws Exception {
        String event = Json.write(Map.of("Name", "ContactFlowEvent", "Details", Map.of(
                "ContactData", Map.of(
                        "ContactId", UUID.randomUUID().toString(),
                        "CustomerEndpoint", Map.of("Address", phone, "Type", "TELEPHONE_NUMBER"),
                        "SystemEndpoint", Map.of("Address", "+33970000000", "Type", "TELEPHONE_NUMBER"),
                        "Attributes", Map.of("siteId", "metz-borny")),
                "Parameters", Map.of("themeId", "retraite"))));
        var response = RunningStack.send(java.net.http.HttpRequest.newBuilder(RunningStack.invoke("ConnectCallbackRequestFunction"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build());
        Map<String, Object> answer = Json.readObject(response.body());
        assertEquals("booked", answer.get("result"), response.body());
        return (String) answer.get("callbackId");
    }
}

package fr.accueil.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The command line, read before any AWS call: what it asks for, and a wrong one refused with code 2. */
class TerritoryMainTest {
    @Test
    void readsAnImportAndItsEndpoints() {
        TerritoryMain.Command command = TerritoryMain.Command.parse(new String[] {"--stack", "accueil-dev", "--region", "eu-west-3",
                "--cloudformation-endpoint", "http://127.0.0.1:4566", "--aws-endpoint", "http://127.0.0.1:8000",
                "import", "creuse.json", "--dry-run"});
        assertEquals(new TerritoryMain.Command("accueil-dev", Region.EU_WEST_3, URI.create("http://127.0.0.1:4566"),
                URI.create("http://127.0.0.1:8000"), "import", Path.of("creuse.json"), true), command);
        assertEquals(Optional.of(URI.create("http://127.0.0.1:4566")), command.endpoint("CLOUDFORMATION"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), command.endpoint("DYNAMODB"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), command.endpoint("SNS"));
    }

    @Test
    void aWrongCommandLineIsRefusedWithCode2BeforeAnyCall() {
        assertRefused("Name the stack (--stack NAME) and the action (import FILE or export).", "import", "creuse.json");
        assertRefused("Name the stack (--stack NAME) and the action (import FILE or export).", "--stack", "accueil-dev");
        assertRefused("--dry-run goes with import.", "--stack", "accueil-dev", "export", "--dry-run");
        assertRefused("import needs a value", "--stack", "accueil-dev", "import");
        assertRefused("--aws-endpoint takes a URL such as http://127.0.0.1:4566, not localhost", "--stack", "s",
                "--aws-endpoint", "localhost", "export");
        assertRefused("Unknown argument: --table", "--stack", "s", "--table", "t", "export");
    }

    @Test
    void helpIsPrintedWithCode0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TerritoryMain.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("import FILE [--dry-run]"));
    }

    private static void assertRefused(String message, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TerritoryMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(message + "\n"), err.toString(StandardCharsets.UTF_8));
    }
}

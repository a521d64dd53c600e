package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.storage.Environment;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal mode's conversation ({@link PhoneTerminal#converse}) on the running stack's phone: the keys a
 * person would type, line by line, and the transcript they would read.
 */
class PhoneTerminalTest {

    @AfterEach
    void realTime() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
    }

    @Test
    void keysTypedLineByLineWalkTheMenuToAQueue() throws Exception {
        List<String> transcript = converse("+33611990010", Map.of(), "2\n1\nq\n");
        assertEquals("Appel de +33611990010 vers " + LocalPhone.LOCAL_NUMBER + ".", transcript.get(0));
        assertInOrder(transcript, "  🔊 Bienvenue sur la ligne France Services", "Touche (Entrée seule = silence de 8 s ; q = raccrocher) > ",
                "  🔊 Retraite ou emploi.", "  🔊 Merci de patienter, un conseiller va prendre votre appel.", "  (en file d'attente « retraite »)",
                "a = un conseiller répond puis raccroche le premier ; q = raccrocher ; Entrée = patienter 60 s > ",
                "Fin de l'appel : en file d'attente « retraite ».");
    }

    @Test
    void theAgentHangsUpAndTheCallerAnswersTheSurvey() throws Exception {
        List<String> transcript = converse("+33611990011", Map.of(), "2\n3\na\n5\n4\n");
        assertInOrder(transcript, "  (en file d'attente « emploi »)", "  (le conseiller a raccroché)",
                "  🔊 Merci pour votre appel.", "  🔊 Votre demande a-t-elle été traitée ?", "  🔊 Merci pour votre réponse. Au revoir.",
                "Fin de l'appel : en file d'attente « emploi » ; message, puis fin d'appel.");
    }

    @Test
    void wrongKeysAreExplainedAndTheEndOfTheInputHangsUp() throws Exception {
        List<String> transcript = converse("+33611990012", Map.of(), "12x\n\n");
        assertInOrder(transcript, "  digits : de 1 à 32 touches parmi 0-9, * et # attendues", "Fin de l'appel : l'appelant a raccroché.");
        assertTrue(transcript.stream().anyMatch(line -> line.contains("🔊") && line.contains("Bienvenue")), transcript.toString());
    }

    @Test
    void aFaultyFunctionIsHeardThroughItsErrorBranch() throws Exception {
        List<String> transcript = converse("+33611990013", Map.of("ConnectEntryFunction", "throws"), "q\n");
        assertInOrder(transcript, "  (en file d'attente « general »)", "Fin de l'appel : en file d'attente « general ».");
        assertEquals("  🔊 Merci de patienter, un conseiller va prendre votre appel.",
                transcript.stream().filter(line -> line.contains("🔊")).findFirst().orElseThrow(),
                "the entry flow's error branch says nothing: the first words are the queue flow's");

        List<String> refused = converse("+33611990014", Map.of("NoSuchFunction", "throws"), "");
        assertEquals("Appel impossible : faults : « NoSuchFunction » n'est pas une fonction de template.yaml", refused.get(1));
    }

    private static List<String> converse(String from, Map<String, String> faults, String typed) throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream terminal = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            PhoneTerminal.converse(RunningStack.get().phone(), from, null, faults, terminal, new BufferedReader(new StringReader(typed)));
        }
        // A prompt for keys ends without a newline: the next output starts on its line.
        return out.toString(StandardCharsets.UTF_8).replace("> ", "> \n").lines().toList();
    }

    /** A line of the transcript starts with each of these, in this order (a prompt is spoken whole). */
    private static void assertInOrder(List<String> transcript, String... lines) {
        int from = 0;
        for (String line : lines) {
            int at = from;
            while (at < transcript.size() && !transcript.get(at).startsWith(line)) {
                at++;
            }
            assertTrue(at < transcript.size(), "« " + line + " » not found (in order) in:\n" + String.join("\n", transcript));
            from = at + 1;
        }
    }
}

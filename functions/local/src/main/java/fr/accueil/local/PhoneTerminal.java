package fr.accueil.local;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar accueil-local.jar phone --from +33…}: a call in the terminal. It starts the
 * local stack (free ports unless given, seeded), then plays the call through the deployed contact
 * flows: the prompts are printed, the caller types keys and Enter. The functions' logs go to a
 * file, so that the terminal shows only the conversation.
 */
final class PhoneTerminal {
    static final String USAGE = """
            Usage: java -jar functions/local/target/accueil-local.jar phone --from +33612345678 [options]

            Calls the territory's number on this machine: the contact flows of flows/ as template.yaml
            deploys them, with the real functions and DynamoDB Local behind them. Read the prompts, type
            the keys and press Enter; Enter alone is a silence (the prompt's time limit runs out);
            q hangs up. Once in a queue, an agent is on the line: a makes the agent hang up first, and
            the call goes on in the flow the contact's CustomerRemaining hook names (the survey).

            Options:
              --from NUMBER       the caller's number, E.164 (+33…), or anonymous for a withheld number
              --to NUMBER         the number dialled (default: the territory's)
              --fault F=KIND      make the template function F fail in this call, to hear the flow's error
                                  branch (fault injection; may be repeated): throws, slow, dynamodb-down,
                                  or answered-by:OTHER (another function answers in its place)
              --fixed-clock T     take the ISO instant T as now (e.g. 2026-11-22T09:00:00Z, a Sunday)
              --queue-load LOADS  simulated queue load, e.g. retraite=8/120
              and every option of the runner (--help without phone lists them); ports default to free ones.
            """;

    private PhoneTerminal() {
    }

    static void main(String[] args) throws Exception {
        String from = null, to = null;
        Map<String, String> faults = new LinkedHashMap<>();
        List<String> runner = new ArrayList<>(List.of("--http-port", "0", "--invoke-port", "0", "--dynamodb-port", "0"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                case "--from" -> from = value(args, ++i, "--from");
                case "--to" -> to = value(args, ++i, "--to");
                case "--fault" -> {
                    String fault = value(args, ++i, "--fault");
                    int eq = fault.indexOf('=');
                    if (eq <= 0) {
                        fail("--fault takes FUNCTION=KIND, e.g. ConnectMenuFunction=throws");
                        return;
                    }
                    faults.put(fault.substring(0, eq), fault.substring(eq + 1));
                }
                default -> runner.add(args[i]);
            }
        }
        if (from == null) {
            fail("--from is required: the caller's number (+33…) or anonymous");
            return;
        }
        LocalStack.Options options;
        try {
            options = Main.parse(runner.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        PrintStream terminal = System.out;
        Path log = Files.createTempFile("accueil-phone-", ".log");
        terminal.println("Démarrage d'Accueil (journaux : " + log + ")…");
        PrintStream logs = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
        PrintStream errors = System.err;
        System.setOut(logs);
        System.setErr(logs);
        try (LocalStack stack = LocalStack.start(options, Main.answerRate(args))) {
            converse(stack.phone(), from, to, faults, terminal,
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            System.setOut(terminal);
            System.setErr(errors);
            logs.close();
        }
    }

    /** The conversation: prompts out, keys in, until the call ends or the input closes. */
    static void converse(LocalPhone phone, String from, String to, Map<String, String> faults, PrintStream out, BufferedReader in)
            throws IOException {
        LocalPhone.Turn turn;
        try {
            out.println("Appel de " + from + " vers " + (to == null ? phone.territoryNumber() : to) + ".");
            turn = phone.call(from, to, faults);
            while (true) {
                turn.heard().forEach(p -> out.println("  🔊 " + p.text()));
                PhoneCall call = turn.call();
                PhoneCall.Status status = call.status();
                if (status == PhoneCall.Status.ENDED) {
                    out.println("Fin de l'appel : " + LocalPhone.description(call) + ".");
                    return;
                }
                String line;
                if (status == PhoneCall.Status.IN_QUEUE) {
                    // The customer queue flow may await the time of its loop prompts (Entrée) or a key (its callback offer).
                    PhoneCall.Awaiting waiting = call.awaiting;
                    out.println("  (" + call.outcome.description() + (waiting == null ? " : un conseiller vous répond.)" : ")"));
                    out.print("a = un conseiller répond puis raccroche le premier ; q = raccrocher"
                            + (waiting == null ? "" : waiting.looping() ? " ; Entrée = patienter " + waiting.timeoutSeconds() + " s" : " ; une touche, ou Entrée = silence")
                            + " > ");
                    out.flush();
                    line = in.readLine();
                    if (line == null || line.strip().equalsIgnoreCase("q")) {
                        turn = phone.hangUp(call.id);
                    } else if (line.strip().equalsIgnoreCase("a")) {
                        out.println("  (le conseiller a raccroché)");
                        turn = phone.agentHangUp(call.id);
                    } else if (waiting != null) {
                        String keys = line.strip().replace(" ", "");
                        try {
                            turn = phone.input(call.id, keys.isEmpty() ? null : keys);
                        } catch (LocalPhone.PhoneException e) {
                            if (e.status() != 400 && e.status() != 409) {
                                throw e;
                            }
                            out.println("  " + e.getMessage());
                            turn = new LocalPhone.Turn(call, List.of());
                        }
                    } else {
                        turn = new LocalPhone.Turn(call, List.of());
                    }
                    continue;
                }
                PhoneCall.Awaiting awaiting = call.awaiting;
                out.print(awaiting.keys().isEmpty() && awaiting.maxDigits() > 1
                        ? "Touches (jusqu'à " + awaiting.maxDigits() + (awaiting.terminator().isEmpty() ? "" : ", terminées par " + awaiting.terminator())
                          + " ; Entrée seule = silence de " + awaiting.timeoutSeconds() + " s ; q = raccrocher) > "
                        : "Touche (Entrée seule = silence de " + awaiting.timeoutSeconds() + " s ; q = raccrocher) > ");
                out.flush();
                line = in.readLine();
                if (line == null || line.strip().equalsIgnoreCase("q")) {
                    turn = phone.hangUp(call.id);
                    continue;
                }
                String keys = line.strip().replace(" ", "");
                try {
                    turn = phone.input(call.id, keys.isEmpty() ? null : keys);
                } catch (LocalPhone.PhoneException e) {
                    if (e.status() != 400) {
                        throw e;
                    }
                    out.println("  " + e.getMessage());
                    turn = new LocalPhone.Turn(call, List.of());
                }
            }
        } catch (LocalPhone.PhoneException e) {
            out.println("Appel impossible : " + e.getMessage());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println();
        System.err.print(USAGE);
        System.exit(2);
    }
}

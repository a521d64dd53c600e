package fr.accueil.bench.coldstart;

import fr.accueil.handlers.connect.ConnectEntryHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry function's cold start as Lambda runs it: the runtime builds the handler through its
 * no-argument constructor (AppContext from the environment), then hands it one event.
 *
 * <p>Argument: the ContactFlowEvent file. Prints {@code ANSWER <json>}.
 */
public final class EntryProbe {
    private EntryProbe() {
    }

    public static void main(String[] args) throws Exception {
        ConnectEntryHandler handler = new ConnectEntryHandler();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[0]))) {
            handler.handleRequest(event, answer, null);
        }
        System.out.println("ANSWER " + answer.toString(StandardCharsets.UTF_8));
        System.out.flush();
    }
}

package fr.accueil.handlers;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import fr.accueil.embedded.EmbeddedStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events of events/, read as the Java runtime reads them. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static Path file(String name) {
        return EmbeddedStack.repositoryRoot().resolve("events").resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String name, Class<T> type) {
        try (InputStream in = Files.newInputStream(file(name))) {
            return LambdaEventSerializers.serializerFor(type, SampleEvents.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

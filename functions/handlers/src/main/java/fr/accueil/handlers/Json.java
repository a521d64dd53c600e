package fr.accueil.handlers;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON with jackson-jr: maps and lists only, no reflection on domain classes. */
public final class Json {
    private static final JSON JSON_MAPPER = JSON.builder().build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return JSON_MAPPER.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Object value, OutputStream out) throws IOException {
        JSON_MAPPER.write(value, out);
    }

    /** Parses a JSON object; anything else (an array, a number, bad JSON) is an IOException. */
    public static Map<String, Object> readObject(String text) throws IOException {
        return JSON_MAPPER.mapFrom(text);
    }

    public static Map<String, Object> readObject(InputStream in) throws IOException {
        return JSON_MAPPER.mapFrom(in);
    }
}

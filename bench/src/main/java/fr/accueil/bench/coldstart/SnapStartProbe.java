package fr.accueil.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import fr.accueil.bench.coldstart.crac.Core;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Connect-facing function under SnapStart, in one fresh JVM: the runtime builds the handler (its init), the
 * snapshot's checkpoint runs the beforeCheckpoint hooks (its priming), the restore runs the afterRestore hooks
 * ({@link Core}, named by {@code -Dorg.crac.Core.Compat}), then the function answers its first event, timed, and
 * as many more, whose median is the warm figure. Each answer is to the same event as a new contact (a fresh
 * ContactId), as each call is.
 *
 * <p>Arguments: the handler's class, the ContactFlowEvent file, the number of warm answers. Prints
 * {@code ANSWER init=<ns> priming=<ns> restore=<afterRestore hooks, ns> first=<ns> warm=<median ns> classes=<loaded by the first answer> <first answer>}.
 */
public final class SnapStartProbe {
    private static final Pattern CONTACT_ID = Pattern.compile("\"ContactId\"\\s*:\\s*\"([^\"]+)\"");

    private SnapStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String event = Files.readString(Path.of(args[1]));
        int warm = Integer.parseInt(args[2]);
        Matcher contact = CONTACT_ID.matcher(event);
        if (!contact.find()) {
            throw new IllegalArgumentException(args[1] + " has no ContactId");
        }
        String contactId = contact.group(1);

        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long initialised = System.nanoTime();
        Core.checkpoint();
        long primed = System.nanoTime();
        Core.restore();
        long restored = System.nanoTime();

        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long[] times = new long[warm + 1];
        long firstClasses = 0;
        String first = null;
        for (int i = 0; i <= warm; i++) {
            byte[] call = event.replace(contactId, UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (i == 0) {
                firstClasses = -classes.getTotalLoadedClassCount();
            }
            long before = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(call), answer, null);
            times[i] = System.nanoTime() - before;
            if (i == 0) {
                firstClasses += classes.getTotalLoadedClassCount();
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            if (text.contains("\"safeRoute\"")) {
                throw new IllegalStateException("answer " + i + " is the safe route: " + text);
            }
            if (i == 0) {
                first = text;
            }
        }
        long[] warmTimes = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warmTimes);
        System.out.println("ANSWER init=" + (initialised - start) + " priming=" + (primed - initialised)
                + " restore=" + (restored - primed) + " first=" + times[0]
                + " warm=" + warmTimes[(warmTimes.length - 1) / 2] + " classes=" + firstClasses + " " + first);
        System.out.flush();
    }
}

package fr.accueil.bench;

import fr.accueil.embedded.Template;
import fr.accueil.local.BenchStack;
import fr.accueil.storage.Environment;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start: fresh JVMs, from the spawn of the process to the first answer on its standard output,
 * alternating the variants in one run against the same DynamoDB Local.
 *
 * <ul>
 *   <li>ours: the deployment package's class path (the handlers' classes, here in their module's jar, which class
 *       data sharing needs, and the dependency jars of ConnectEntryFunction's package, functions/handlers/target/lambda-connect/lib),
 *       the local runner's simulation (for FIXED_CLOCK: the sites open whenever the bench runs) and a probe that
 *       builds ConnectEntryHandler through its no-argument constructor and answers the sample event,
 *       with the environment template.yaml gives the function (JAVA_TOOL_OPTIONS included);</li>
 *   <li>baseline: {@code coldstart.BaselineFunction}, written like the sam init Java template,
 *       in a jar of its own (the DynamoDB SDK and the Apache client), one GetItem;</li>
 *   <li>ours + AppCDS: ours with a class data sharing archive of the application classes, dumped by a
 *       training run ({@code -XX:ArchiveClassesAtExit}, JDK 13+);</li>
 *   <li>floor + AppCDS: the baseline's one GetItem through the functions' own client, from the deployment
 *       package, with its archive: what no function doing a read can go under on this JVM.</li>
 * </ul>
 */
final class ColdStart {
    private record Variant(String name, List<String> command, Map<String, String> environment) {
    }

    private ColdStart() {
    }

    static void run(Report report, BenchStack stack, Path root, int runs) throws Exception {
        Path target = root.resolve("bench/target");
        Path baselineJar = target.resolve("accueil-bench-baseline.jar");
        if (!Files.exists(baselineJar)) {
            throw new IllegalStateException(baselineJar + " is missing: run mvn -q -DskipTests package first");
        }
        String java = java();
        String classPath = classPath(root, "ConnectEntryFunction");
        Map<String, String> entryEnvironment = environment(stack, "ConnectEntryFunction");
        Map<String, String> baselineEnvironment = new LinkedHashMap<>(lambda(stack));
        String toolOptions = entryEnvironment.get("JAVA_TOOL_OPTIONS");
        if (toolOptions != null) {
            // sam init's Java templates set the same JAVA_TOOL_OPTIONS in their Globals.
            baselineEnvironment.put("JAVA_TOOL_OPTIONS", toolOptions);
        }

        String event = root.resolve("events/ConnectEntryFunction.json").toString();
        List<String> ours = List.of(java, "-cp", classPath, "fr.accueil.bench.coldstart.EntryProbe", event);
        List<String> item = List.of(entryEnvironment.get("DIRECTORY_TABLE"), "TERRITORY#" + entryEnvironment.get("TERRITORY_ID"), "MENU");
        List<String> floor = new ArrayList<>(List.of(java, "-cp", classPath, "fr.accueil.bench.coldstart.FloorProbe"));
        floor.addAll(item);
        List<String> baselineCommand = new ArrayList<>(List.of(java, "-cp", baselineJar.toString(), "fr.accueil.bench.coldstart.BaselineFunction"));
        baselineCommand.addAll(item);

        List<Variant> variants = List.of(
                new Variant("ours", ours, entryEnvironment),
                new Variant("baseline", baselineCommand, baselineEnvironment),
                new Variant("ours + AppCDS", withArchive(ours, target.resolve("entry-appcds.jsa"), entryEnvironment), entryEnvironment),
                new Variant("floor + AppCDS", withArchive(floor, target.resolve("floor-appcds.jsa"), entryEnvironment), entryEnvironment));
        // One untimed run each: the jars in the page cache, as on a warm Lambda host.
        for (Variant variant : variants) {
            time(variant);
        }
        Map<String, List<Long>> times = new LinkedHashMap<>();
        variants.forEach(v -> times.put(v.name(), new ArrayList<>()));
        for (int run = 0; run < runs; run++) {
            for (int k = 0; k < variants.size(); k++) {
                Variant variant = variants.get((run + k) % variants.size());
                times.get(variant.name()).add(time(variant));
            }
        }
        Stats baseline = Stats.of(times.get("baseline"));
        for (String name : List.of("ours", "ours + AppCDS")) {
            Stats stats = Stats.of(times.get(name));
            report.atMost("cold start", "entry function, median of " + runs + " fresh JVMs (" + name + ")",
                    Report.ms(stats.medianMillis()), Report.ms(baseline.medianMillis()) + " (sam init style)",
                    stats.medianMillis() / baseline.medianMillis(), 0.5);
        }
        Stats lowest = Stats.of(times.get("floor + AppCDS"));
        report.figure("cold start", "floor: the baseline's one GetItem through our client, AppCDS, median of " + runs,
                Report.ms(lowest.medianMillis()), Report.ms(baseline.medianMillis()) + " (sam init style)",
                lowest.medianMillis() / baseline.medianMillis());
        times.forEach((name, list) -> report.note("cold start " + name + ": " + list.stream()
                .map(n -> Report.number(n / 1e6)).toList() + " ms"));
        report.note("cold start JAVA_TOOL_OPTIONS of both: " + toolOptions);
    }

    /**
     * The class path a function runs on: the classes of the zip its CodeUri names, its root as the module's jar
     * (AppCDS archives classes from jars only), its lib/ as is (the same tree, unpacked, as the zip), then the
     * probes' jar, and the local simulation (the fixed clock the bench runs at, which the zips leave out).
     */
    static String classPath(Path root, String function) throws IOException {
        Template template = Template.read(root.resolve("template.yaml"));
        String codeUri = String.valueOf(template.resources("AWS::Serverless::Function").get(function).get("CodeUri"));
        Path handlersTarget = root.resolve("functions/handlers/target");
        Path handlersJar = moduleJar(handlersTarget, "accueil-handlers");
        // The zip's twin folder the build writes beside it (lambda-<family>.zip → lambda-<family>/).
        Path lib = root.resolve(codeUri.replaceFirst("\\.zip$", "")).resolve("lib");
        Path simulationJar = moduleJar(root.resolve("functions/simulation/target"), "accueil-simulation");
        Path probeJar = root.resolve("bench/target/accueil-bench-entry-probe.jar");
        for (Path jar : List.of(handlersJar, lib, simulationJar, probeJar)) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run mvn -q -DskipTests package first");
            }
        }
        return String.join(File.pathSeparator, handlersJar.toString(), lib + File.separator + "*", simulationJar.toString(),
                probeJar.toString());
    }

    /**
     * A function's environment as template.yaml gives it (JAVA_TOOL_OPTIONS included), with Lambda's region and
     * credentials, against the bench's DynamoDB Local and the runner's Parameter Store.
     */
    static Map<String, String> environment(BenchStack stack, String function) {
        Map<String, String> environment = stack.environment(function);
        environment.putAll(lambda(stack));
        // What the runner resolves itself: the queues by key, read at init from its Parameter Store as from AWS's (part
        // of the cold start), the messages' key in its KMS, its clock.
        for (String name : List.of("AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL_KMS", "MESSAGES_KEY_ID", "FIXED_CLOCK")) {
            Environment.optional(name).ifPresent(value -> environment.put(name, value));
        }
        return environment;
    }

    private static Map<String, String> lambda(BenchStack stack) {
        Map<String, String> lambda = new LinkedHashMap<>();
        lambda.put("AWS_REGION", "eu-central-1");
        lambda.put("AWS_ACCESS_KEY_ID", "local");
        lambda.put("AWS_SECRET_ACCESS_KEY", "local");
        lambda.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + stack.dynamoPort());
        return lambda;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A module's own jar (<artifact>-<version>.jar), or where it would be. */
    private static Path moduleJar(Path target, String artifact) throws IOException {
        if (Files.isDirectory(target)) {
            try (var jars = Files.newDirectoryStream(target, artifact + "-*.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        return target.resolve(artifact + "-<version>.jar");
    }

    /** The command with a class data sharing archive of what it loads, dumped by one untimed training run. */
    private static List<String> withArchive(List<String> command, Path archive, Map<String, String> environment)
            throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>(command);
        training.add(1, "-XX:ArchiveClassesAtExit=" + archive);
        time(new Variant("training", training, environment));
        List<String> sharing = new ArrayList<>(command);
        sharing.add(1, "-XX:SharedArchiveFile=" + archive);
        return sharing;
    }

    /** Nanoseconds from spawning the process to its ANSWER line. */
    private static long time(Variant variant) throws IOException, InterruptedException {
        return answer(variant.name(), variant.command(), variant.environment()).elapsedNanos();
    }

    /** A process's ANSWER line (the function answered, not its safe route) and the nanoseconds from its spawn to it. */
    record Answer(long elapsedNanos, String line) {
    }

    static Answer answer(String name, List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        File errors = File.createTempFile("accueil-bench-", ".err");
        errors.deleteOnExit();
        builder.redirectError(errors);
        long start = System.nanoTime();
        Process process = builder.start();
        Long elapsed = null;
        String answer = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (elapsed == null && line.startsWith("ANSWER ")) {
                    elapsed = System.nanoTime() - start;
                    answer = line;
                }
            }
        }
        int exit = process.waitFor();
        if (elapsed == null || exit != 0 || answer.contains("\"safeRoute\"")) {
            throw new IllegalStateException(name + " failed (exit " + exit + ", answer " + answer + "): "
                    + Files.readString(errors.toPath()));
        }
        return new Answer(elapsed, answer);
    }
}

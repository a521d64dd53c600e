package fr.accueil.smoke;

import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code mvn -Psmoke verify -Dsmoke.stack=NAME [-Dsmoke.region=R]}: the smoke tier against a deployed stack, with
 * the operator's credentials (the SDK's default chain: environment, profile, IAM Identity Center…). Fails the
 * build when a check fails.
 */
public final class SmokeMain {
    private SmokeMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args[0].isBlank()) {
            throw new IllegalArgumentException("Name the stack: mvn -Psmoke verify -Dsmoke.stack=NAME [-Dsmoke.region=eu-central-1]");
        }
        List<Smoke.Result> results;
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
             SmokeClients clients = SmokeClients.of(Region.of(args[1]), credentials, SmokeClients::environmentEndpoint)) {
            results = new Smoke(clients, args[0], Clock.systemUTC()).run();
        }
        System.out.println("Smoke tier of stack " + args[0] + " in " + args[1] + ":");
        results.forEach(System.out::println);
        long failed = results.stream().filter(r -> r.outcome() == Smoke.Outcome.FAILED).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " smoke check(s) failed");
        }
    }
}

package fr.accueil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml stays clean under cfn-lint, the CloudFormation linter this kind of machine ships, in
 * every region samconfig.toml deploys to: cfn-lint knows which resource types each region has (Amazon
 * Connect's are in some regions only).
 */
class TemplateLintTest {
    private static final Pattern REGION = Pattern.compile("(?m)^\\s*region\\s*=\\s*\"([a-z0-9-]+)\"\\s*$");

    /** The regions of samconfig.toml's environments ({@code region = "…"} of their deploy parameters). */
    static List<String> deploymentRegions() throws IOException {
        Matcher regions = REGION.matcher(Files.readString(EmbeddedStack.repositoryRoot().resolve("samconfig.toml")));
        TreeSet<String> found = new TreeSet<>();
        while (regions.find()) {
            found.add(regions.group(1));
        }
        return new ArrayList<>(found);
    }

    @Test
    void cfnLintReportsNothingInEveryRegionSamconfigNames() throws Exception {
        List<String> regions = deploymentRegions();
        assertFalse(regions.isEmpty(), "samconfig.toml names no region");
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--regions"));
        command.addAll(regions);
        command.addAll(List.of("--", "template.yaml"));
        Process lint;
        try {
            lint = new ProcessBuilder(command).directory(EmbeddedStack.repositoryRoot().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cfn-lint is not installed (pip install cfn-lint); it guards template.yaml", e);
        }
        String report = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), regions + ": " + report);
        assertEquals("", report.strip());
    }
}

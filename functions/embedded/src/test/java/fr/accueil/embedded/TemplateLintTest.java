package fr.accueil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** template.yaml stays clean under cfn-lint, the CloudFormation linter this kind of machine ships. */
class TemplateLintTest {

    @Test
    void cfnLintReportsNothing() throws Exception {
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "template.yaml")
                    .directory(EmbeddedStack.repositoryRoot().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cfn-lint is not installed (pip install cfn-lint); it guards template.yaml", e);
        }
        String report = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), report);
        assertEquals("", report.strip());
    }
}

package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document describes exactly the HTTP API routes the template's functions declare. */
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    @SuppressWarnings("unchecked")
    void everyTemplateRouteIsDocumentedAndNoOther() throws Exception {
        Path root = EmbeddedStack.repositoryRoot();
        Set<String> declared = new TreeSet<>();
        Functions.from(Template.read(root.resolve("template.yaml")), Map.of()).all()
                .forEach(f -> f.routes().forEach(r -> declared.add(r.routeKey())));

        Set<String> documented = new TreeSet<>();
        try (InputStream in = Files.newInputStream(root.resolve("api/openapi.yaml"))) {
            Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(in).get("paths");
            paths.forEach((path, operations) -> ((Map<String, Object>) operations).keySet().stream()
                    .filter(METHODS::contains)
                    .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        }

        assertEquals(declared, documented);
    }
}

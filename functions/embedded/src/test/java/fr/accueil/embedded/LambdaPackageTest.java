package fr.accueil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every function's CodeUri is the package Maven builds (functions/handlers: maven-assembly-plugin and
 * src/assembly/lambda.xml), in the layout the Lambda Java runtime loads: classes at the root, dependencies
 * as jars in lib/ (https://docs.aws.amazon.com/lambda/latest/dg/java-package.html). A .zip CodeUri is one
 * sam build does not build, and sam deploy uploads as it is.
 */
class LambdaPackageTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final Path HANDLERS = ROOT.resolve("functions/handlers");

    /** The zip the handlers' pom names: target/{finalName}.zip, without the assembly's id. */
    private static Path packagePath() throws Exception {
        Element plugin = plugin(xml(HANDLERS.resolve("pom.xml")), "maven-assembly-plugin");
        assertEquals("false", text(plugin, "appendAssemblyId"));
        return HANDLERS.resolve("target/" + text(plugin, "finalName") + ".zip");
    }

    @Test
    void everyFunctionNamesThePackageMavenBuilds() throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        // Under Globals, sam build would leave the path relative to the template it writes in .aws-sam/build/.
        assertNull(template.global("Function", "CodeUri"));
        String expected = ROOT.relativize(packagePath()).toString().replace('\\', '/');
        Map<String, Object> codeUris = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> codeUris.put(id, properties.get("CodeUri")));
        assertTrue(codeUris.size() > 0);
        codeUris.forEach((id, uri) -> assertEquals(expected, uri, id));
    }

    @Test
    void theAssemblyPutsClassesAtTheRootAndDependenciesInLib() throws Exception {
        Document descriptor = xml(HANDLERS.resolve("src/assembly/lambda.xml"));
        Set<String> formats = new TreeSet<>();
        for (int i = 0; i < descriptor.getElementsByTagName("format").getLength(); i++) {
            formats.add(descriptor.getElementsByTagName("format").item(i).getTextContent().strip());
        }
        assertTrue(formats.contains("zip"), String.valueOf(formats));
        Element root = descriptor.getDocumentElement();
        assertEquals("false", text(root, "includeBaseDirectory"));
        Element classes = (Element) root.getElementsByTagName("fileSet").item(0);
        assertEquals("${project.build.outputDirectory}", text(classes, "directory"));
        assertEquals("/", text(classes, "outputDirectory"));
        Element dependencies = (Element) root.getElementsByTagName("dependencySet").item(0);
        assertEquals("lib", text(dependencies, "outputDirectory"));
        assertEquals("runtime", text(dependencies, "scope"));
        assertEquals("false", text(dependencies, "useProjectArtifact"));
    }

    /** The built package itself, once mvn package has run (mvn test alone does not build it). */
    @Test
    void theBuiltPackageHoldsEveryHandlerAtTheRootAndItsDependenciesInLib() throws Exception {
        Path zip = packagePath();
        Assumptions.assumeTrue(Files.exists(zip), zip + " is built by mvn package");
        Set<String> entries = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                entries.add(all.nextElement().getName());
            }
        }
        Template template = Template.read(ROOT.resolve("template.yaml"));
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> {
            String handler = String.valueOf(properties.get("Handler"));
            String type = handler.substring(0, handler.indexOf("::"));
            assertTrue(entries.contains(type.replace('.', '/') + ".class"), id + ": " + type);
        });
        for (String module : Set.of("accueil-domain", "accueil-storage", "accueil-connect", "aws-lambda-java-core", "dynamodb")) {
            assertTrue(entries.stream().anyMatch(e -> e.matches("lib/" + module + "-[0-9.]+\\.jar")), module);
        }
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("classes/") || e.endsWith(".jar") && !e.startsWith("lib/")),
                "classes at the root, jars in lib/ only");
        assertTrue(entries.stream().noneMatch(e -> e.matches("lib/(accueil-embedded|DynamoDBLocal|junit).*")), "no test dependency");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Element plugin(Document pom, String artifactId) {
        var plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (artifactId.equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError(artifactId + " is not in the pom");
    }

    private static String text(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().strip();
    }
}

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
 * Every function's CodeUri is one of the packages Maven builds, one per family of functions (functions/handlers:
 * maven-assembly-plugin and src/assembly/<family>.xml), in the layout the Lambda Java runtime loads: classes at the root, dependencies
 * as jars in lib/ (https://docs.aws.amazon.com/lambda/latest/dg/java-package.html). A .zip CodeUri is one
 * sam build does not build, and sam deploy uploads as it is.
 */
class LambdaPackageTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final Path HANDLERS = ROOT.resolve("functions/handlers");

    /** The descriptors the handlers' pom names, by the zip each makes: target/{finalName}-{assembly id}.zip. */
    private static Map<Path, Path> packages() throws Exception {
        Element plugin = plugin(xml(HANDLERS.resolve("pom.xml")), "maven-assembly-plugin");
        assertEquals("true", text(plugin, "appendAssemblyId"));
        Map<Path, Path> packages = new TreeMap<>();
        var descriptors = plugin.getElementsByTagName("descriptor");
        for (int i = 0; i < descriptors.getLength(); i++) {
            Path descriptor = HANDLERS.resolve(descriptors.item(i).getTextContent().strip());
            String id = text(xml(descriptor).getDocumentElement(), "id");
            packages.put(HANDLERS.resolve("target/" + text(plugin, "finalName") + "-" + id + ".zip"), descriptor);
        }
        assertTrue(packages.size() > 1, "one package per family: " + packages);
        return packages;
    }

    @Test
    void everyFunctionNamesAPackageMavenBuilds() throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        // Under Globals, sam build would leave the path relative to the template it writes in .aws-sam/build/.
        assertNull(template.global("Function", "CodeUri"));
        Set<String> built = new TreeSet<>();
        packages().keySet().forEach(zip -> built.add(ROOT.relativize(zip).toString().replace('\\', '/')));
        Map<String, Object> codeUris = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> codeUris.put(id, properties.get("CodeUri")));
        assertTrue(codeUris.size() > 0);
        codeUris.forEach((id, uri) -> assertTrue(built.contains(String.valueOf(uri)), id + ": " + uri + " is not one of " + built));
        assertEquals(built, new TreeSet<>(codeUris.values().stream().map(String::valueOf).toList()), "every package serves a function");
    }

    @Test
    void theAssembliesPutClassesAtTheRootAndDependenciesInLib() throws Exception {
        for (Path file : packages().values()) {
            assemblyLayout(file);
        }
    }

    private static void assemblyLayout(Path file) throws Exception {
        Document descriptor = xml(file);
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

    /**
     * The built packages themselves, once the handlers module has been built (DeploymentPackagesTest, there, follows
     * each handler's classes into its package).
     */
    @Test
    void theBuiltPackagesHoldTheirHandlersAtTheRootAndTheirDependenciesInLib() throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        Map<String, Set<String>> entriesByPackage = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> {
            Path zip = ROOT.resolve(String.valueOf(properties.get("CodeUri")));
            Assumptions.assumeTrue(Files.exists(zip), zip + " is built by the handlers module");
            Set<String> entries = entriesByPackage.computeIfAbsent(zip.toString(), LambdaPackageTest::entries);
            String handler = String.valueOf(properties.get("Handler"));
            String type = handler.substring(0, handler.indexOf("::"));
            assertTrue(entries.contains(type.replace('.', '/') + ".class"), id + ": " + type);
        });
        for (Set<String> entries : entriesByPackage.values()) {
            layout(entries);
        }
    }

    private static Set<String> entries(String zip) {
        Set<String> entries = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip)) {
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                entries.add(all.nextElement().getName());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return entries;
    }

    private static void layout(Set<String> entries) {
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

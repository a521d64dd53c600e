package fr.accueil.local;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP API's routes as template.yaml declares them, each with the running stack's function behind it. */
final class TemplateRoutes {
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private TemplateRoutes() {
    }

    /** A route and its function. */
    record ApiRoute(FunctionSpec function, FunctionSpec.Route route) {
        boolean agent() {
            return route.authorizer() != null;
        }

        /** The path parameters, in the order they appear: {@code siteId}, {@code date}. */
        List<String> parameters() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAMETER.matcher(route.path());
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The path with each parameter replaced by {@code value.apply(name)}, as given. */
        String path(Function<String, String> value) {
            return PARAMETER.matcher(route.path()).replaceAll(m -> Matcher.quoteReplacement(value.apply(m.group(1))));
        }
    }

    /** Every route of the template, with the function {@code stack} hosts for it. */
    static List<ApiRoute> all(LocalStack stack) {
        try {
            List<ApiRoute> routes = new ArrayList<>();
            for (FunctionSpec function : Functions.from(Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml")), Map.of()).all()) {
                for (FunctionSpec.Route route : function.routes()) {
                    routes.add(new ApiRoute(stack.functions().get(function.logicalId()).orElseThrow(), route));
                }
            }
            return routes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package fr.accueil.local;

import java.util.List;
import java.util.Map;

/**
 * A function of template.yaml as the local runner hosts it.
 *
 * @param logicalId   the resource's logical id, the name {@code aws lambda invoke} uses
 * @param handler     {@code class::method}
 * @param environment its environment variables, resolved for the local stack
 * @param routes      the HTTP API routes that invoke it
 * @param snapStart   whether its published versions run with SnapStart ({@code SnapStart: ApplyOn: PublishedVersions},
 *                    its own or the Globals'): Lambda then gives it container credentials, not access keys
 * @param policy      its role's permissions ({@code Policies}), which {@link IamEnforcement} applies to its SDK calls
 */
record FunctionSpec(String logicalId, String handler, Map<String, String> environment, List<Route> routes,
                    boolean snapStart, IamPolicy policy) {

    String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    String handlerMethod() {
        int separator = handler.indexOf("::");
        return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
    }

    /**
     * An HTTP API route: {@code GET /api/sites/{siteId}}.
     *
     * @param authorizer the HTTP API authorizer the route declares ({@code Auth.Authorizer}), or null for a public route
     */
    record Route(String method, String path, String authorizer) {
        Route(String method, String path) {
            this(method, path, null);
        }

        String routeKey() {
            return method + " " + path;
        }
    }
}

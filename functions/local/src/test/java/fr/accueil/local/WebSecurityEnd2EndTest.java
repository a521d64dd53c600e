package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The browser-facing defences, the same locally and on AWS: security headers (the runner's answers
 * and CloudFront's response headers policy carry one list), CORS limited to the site's own origin
 * (the runner's preflights and the HttpApi's CorsConfiguration), and API Gateway throttling on every
 * route, stricter where a client books or could guess a management link.
 */
class WebSecurityEnd2EndTest {
    /** What every page and API answer carries; on AWS CloudFront adds HSTS (HTTPS only). */
    private static final Map<String, String> EXPECTED = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self' https://*.amazoncognito.com;"
                    + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    private static final String HSTS = "max-age=63072000; includeSubDomains";
    private static final LocalStack STACK = RunningStack.get();

    private static Template template() throws Exception {
        return Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return RunningStack.send(request.build());
    }

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeaders() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String path : List.of("/", "/agent", "/rendez-vous/abc?token=x", "/telephone.html", "/assets/agent.js", "/config.json", "/no-such-page",
                "/api/sites", "/api/partners", "/api/appointments/unknown?token=x", "/api/agent/callbacks", "/api/nowhere")) {
            HttpResponse<String> answer = send("GET", path, Map.of());
            EXPECTED.forEach((name, value) -> assertEquals(value, answer.headers().firstValue(name).orElse(null), path + " " + name));
            EXPECTED.keySet().forEach(name -> assertEquals(1, answer.headers().allValues(name).size(), path + ": one " + name));
            if (path.startsWith("/api/")) {
                assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), path);
            }
            checked.add(path + "→" + answer.statusCode());
        }
        String csp = EXPECTED.get("Content-Security-Policy");
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*;"), csp);
        System.out.println("[security] headers answers=" + checked.size() + " " + checked);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cloudFrontSetsTheSameHeadersPlusHsts() throws Exception {
        Map<String, Object> policy = (Map<String, Object>) template().resources("AWS::CloudFront::ResponseHeadersPolicy")
                .get("WebSecurityHeadersPolicy").get("ResponseHeadersPolicyConfig");
        Map<String, Object> security = (Map<String, Object>) policy.get("SecurityHeadersConfig");
        Map<String, String> cloudFront = new LinkedHashMap<>();
        Map<String, Object> csp = (Map<String, Object>) security.get("ContentSecurityPolicy");
        cloudFront.put("Content-Security-Policy", (String) csp.get("ContentSecurityPolicy"));
        if (security.containsKey("ContentTypeOptions")) {
            cloudFront.put("X-Content-Type-Options", "nosniff");
        }
        cloudFront.put("X-Frame-Options", (String) ((Map<String, Object>) security.get("FrameOptions")).get("FrameOption"));
        cloudFront.put("Referrer-Policy", (String) ((Map<String, Object>) security.get("ReferrerPolicy")).get("ReferrerPolicy"));
        for (Map<String, Object> custom : (List<Map<String, Object>>) ((Map<String, Object>) policy.get("CustomHeadersConfig")).get("Items")) {
            cloudFront.put((String) custom.get("Header"), (String) custom.get("Value"));
            assertEquals(true, custom.get("Override"));
        }
        Map<String, Object> hsts = (Map<String, Object>) security.get("StrictTransportSecurity");
        cloudFront.put("Strict-Transport-Security", "max-age=" + hsts.get("AccessControlMaxAgeSec")
                + (Boolean.TRUE.equals(hsts.get("IncludeSubdomains")) ? "; includeSubDomains" : ""));
        Map<String, String> expected = new LinkedHashMap<>(EXPECTED);
        expected.put("Strict-Transport-Security", HSTS);
        assertEquals(new TreeSet<>(expected.entrySet().stream().map(Object::toString).toList()),
                new TreeSet<>(cloudFront.entrySet().stream().map(Object::toString).toList()));
        for (String header : List.of("ContentSecurityPolicy", "ContentTypeOptions", "FrameOptions", "ReferrerPolicy", "StrictTransportSecurity")) {
            assertEquals(true, ((Map<String, Object>) security.get(header)).get("Override"), header + " overrides the origin's");
        }

        // The policy is on the pages and on /api/*, which is never cached.
        Map<String, Object> distribution = (Map<String, Object>) template().resources("AWS::CloudFront::Distribution")
                .get("WebDistribution").get("DistributionConfig");
        Map<String, Object> pages = (Map<String, Object>) distribution.get("DefaultCacheBehavior");
        assertEquals(Map.of("Ref", "WebSecurityHeadersPolicy"), pages.get("ResponseHeadersPolicyId"));
        assertEquals("redirect-to-https", pages.get("ViewerProtocolPolicy"));
        List<Map<String, Object>> behaviors = (List<Map<String, Object>>) distribution.get("CacheBehaviors");
        Map<String, Object> api = behaviors.stream().filter(b -> "/api/*".equals(b.get("PathPattern"))).findFirst().orElseThrow();
        assertEquals(Map.of("Ref", "WebSecurityHeadersPolicy"), api.get("ResponseHeadersPolicyId"));
        assertEquals("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", api.get("CachePolicyId"), "managed CachingDisabled");
        assertEquals("https-only", api.get("ViewerProtocolPolicy"));
        assertEquals(null, distribution.get("CustomErrorResponses"),
                "error pages would apply to /api/* too, and hide the API's problem+json answers");
    }

    @Test
    void theRunnerAnswersPreflightsForItsOwnOriginOnly() throws Exception {
        int port = STACK.httpPort();
        for (String origin : List.of("http://127.0.0.1:" + port, "http://localhost:" + port)) {
            HttpResponse<String> preflight = send("OPTIONS", "/api/appointments", Map.of("Origin", origin,
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,idempotency-key"));
            assertEquals(204, preflight.statusCode(), origin);
            assertEquals(origin, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals(HttpApiServer.CORS_METHODS, preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
            assertEquals(HttpApiServer.CORS_HEADERS, preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
            HttpResponse<String> simple = send("GET", "/api/sites", Map.of("Origin", origin));
            assertEquals(200, simple.statusCode());
            assertEquals(origin, simple.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        }
        for (String foreign : List.of("https://evil.example", "http://127.0.0.1:" + (port + 1), "null", "http://127.0.0.1:" + port + ".evil.example",
                "https://accueil.example.fr")) {
            for (String path : List.of("/api/appointments", "/api/agent/callbacks", "/api/phone/calls")) {
                HttpResponse<String> preflight = send("OPTIONS", path, Map.of("Origin", foreign, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization"));
                assertEquals(204, preflight.statusCode(), foreign);
                assertTrue(preflight.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control-")),
                        foreign + " " + path + " got " + preflight.headers().map());
            }
            HttpResponse<String> simple = send("GET", "/api/sites", Map.of("Origin", foreign));
            assertTrue(simple.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), foreign + " is never echoed");
            assertFalse(String.join(",", simple.headers().allValues("Access-Control-Allow-Origin")).contains("*"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiAllowsTheSitesOriginOnlyWithTheRunnersRules() throws Exception {
        Map<String, Object> api = template().resources("AWS::Serverless::HttpApi").get("HttpApi");
        Map<String, Object> cors = (Map<String, Object>) api.get("CorsConfiguration");
        assertEquals(List.of(Map.of("Ref", "PublicBaseUrl")), cors.get("AllowOrigins"), "the site's own origin, never *");
        assertEquals(HttpApiServer.CORS_METHODS, String.join(", ", (List<String>) cors.get("AllowMethods")));
        assertEquals(HttpApiServer.CORS_HEADERS, String.join(", ", (List<String>) cors.get("AllowHeaders")));
        assertEquals(HttpApiServer.CORS_MAX_AGE, String.valueOf(cors.get("MaxAge")));
        assertFalse(cors.containsKey("AllowCredentials"), "tokens travel in Authorization, not in cookies");
        String pattern = (String) template().parameter("PublicBaseUrl").get("AllowedPattern");
        assertTrue("https://accueil.example.fr".matches(pattern) && !"https://accueil.example.fr/".matches(pattern)
                && !"*".matches(pattern), "PublicBaseUrl is an origin: " + pattern);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsThrottledAndGuessableOnesMore() throws Exception {
        Map<String, Object> api = template().resources("AWS::Serverless::HttpApi").get("HttpApi");
        Map<String, Object> defaults = (Map<String, Object>) api.get("DefaultRouteSettings");
        int burst = ((Number) defaults.get("ThrottlingBurstLimit")).intValue();
        double rate = ((Number) defaults.get("ThrottlingRateLimit")).doubleValue();
        assertTrue(burst > 0 && rate > 0, "a default limit applies to every route: " + defaults);
        Map<String, Map<String, Object>> perRoute = (Map<String, Map<String, Object>>) api.get("RouteSettings");
        Set<String> routes = new TreeSet<>();
        Functions.from(template(), Map.of()).all().forEach(f -> f.routes().forEach(r -> routes.add(r.routeKey())));
        assertTrue(routes.containsAll(perRoute.keySet()), "per-route settings name routes of the template: " + perRoute.keySet());
        // Where a client books, asks for a callback or joins the waitlist, and every route of a link that carries a
        // secret: the management link, the survey link, the waitlist offer's link and the link to leave the list.
        Set<String> stricter = new TreeSet<>(routes.stream().filter(r -> r.equals("POST /api/appointments") || r.equals("POST /api/callbacks")
                || r.equals("POST /api/waitlist") || r.matches("(GET|POST) /api/(appointments|surveys|waitlist)/\\{id}.*")).toList());
        assertEquals(13, stricter.size(), stricter.toString());
        assertEquals(stricter, perRoute.keySet());
        List<String> figures = new ArrayList<>();
        for (String route : stricter) {
            Map<String, Object> settings = perRoute.get(route);
            int routeBurst = ((Number) settings.get("ThrottlingBurstLimit")).intValue();
            double routeRate = ((Number) settings.get("ThrottlingRateLimit")).doubleValue();
            assertTrue(routeBurst > 0 && routeBurst < burst && routeRate > 0 && routeRate < rate, route + " " + settings);
            figures.add(route + "=" + routeBurst + "/" + routeRate);
        }
        System.out.println("[security] throttling routes=" + routes.size() + " default=" + burst + "/" + rate + " stricter=" + figures);
    }
}

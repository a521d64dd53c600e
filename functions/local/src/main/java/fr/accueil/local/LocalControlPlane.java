package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The stack's control plane on loopback, for the smoke tier (which an operator runs against AWS): the CloudFormation
 * and Amazon Connect calls it makes, answered from template.yaml as this runner deployed it. One port serves both, as
 * their requests do not overlap: CloudFormation's query protocol posts to {@code /}, Connect's REST paths start with
 * the resource.
 * <ul>
 * <li>CloudFormation {@code DescribeStacks}: the template's parameters (their local values) and the outputs that have
 * a local counterpart, resolved to this runner's URL, table names, function and flow ARNs; {@code
 * DescribeStackResources}: functions (the physical id is the name the Invoke endpoint takes), tables, flows and
 * integration associations.</li>
 * <li>Connect {@code ListContactFlows}, {@code DescribeContactFlow}: the flows the template deploys, published, with
 * their content as the local phone plays it; {@code ListLambdaFunctions}: the functions the template's
 * {@code AWS::Connect::IntegrationAssociation} resources associate (not those the flows name: a missing association
 * must show).</li>
 * </ul>
 * Wire formats: the CloudFormation API reference (Query API, XML answers) and the Amazon Connect API reference.
 */
final class LocalControlPlane {
    /** The name the local stack answers to in DescribeStacks. */
    static final String STACK_NAME = "accueil-local";
    private static final String STACK_ID = "arn:aws:cloudformation:eu-central-1:000000000000:stack/" + STACK_NAME + "/local";
    private static final String CF_NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String INSTANCE_ID = LocalConnect.INSTANCE_ARN.substring(LocalConnect.INSTANCE_ARN.lastIndexOf('/') + 1);

    private record Resource(String logicalId, String type, String physicalId) {
    }

    private final HttpServer server;
    private final Map<String, String> parameters;
    private final Map<String, String> outputs;
    private final List<Resource> resources;
    private final ContactFlows flows;
    private final Set<String> associated;

    private LocalControlPlane(HttpServer server, Map<String, String> parameters, Map<String, String> outputs,
                              List<Resource> resources, ContactFlows flows, Set<String> associated) {
        this.server = server;
        this.parameters = parameters;
        this.outputs = outputs;
        this.resources = resources;
        this.flows = flows;
        this.associated = associated;
    }

    /**
     * @param apiUrl the runner's HTTP API (and pages) base URL
     * @param tables the tables' names by logical id
     */
    static LocalControlPlane start(int port, Template template, Functions functions, Map<String, String> tables,
                                   ContactFlows flows, String apiUrl, ExecutorService executor) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>(LocalConnect.parameters(template, ""));
        parameters.put("ConnectInstanceArn", LocalConnect.INSTANCE_ARN);
        Environment.optional("TERRITORY_ID").ifPresent(territory -> parameters.put("TerritoryId", territory));
        Environment.optional("REGION_TERRITORY_IDS").ifPresent(region -> parameters.put("RegionTerritoryIds", region));

        List<Resource> resources = new ArrayList<>();
        functions.all().forEach(f -> resources.add(new Resource(f.logicalId(), "AWS::Lambda::Function", f.logicalId())));
        tables.forEach((id, name) -> resources.add(new Resource(id, "AWS::DynamoDB::Table", name)));
        // A key's physical id is its key id (CloudFormation's AWS::KMS::Key, Ref); locally, its logical id.
        template.resources("AWS::KMS::Key").keySet().forEach(id -> resources.add(new Resource(id, "AWS::KMS::Key", id)));
        flows.all().forEach(flow -> resources.add(new Resource(flow.resourceId(), "AWS::Connect::ContactFlow", flow.arn())));
        Set<String> associated = new LinkedHashSet<>();
        template.resources("AWS::Connect::IntegrationAssociation").forEach((id, properties) -> {
            String function = aliasTarget(properties.get("IntegrationArn"));
            if ("LAMBDA_FUNCTION".equals(properties.get("IntegrationType")) && function != null) {
                associated.add(LocalConnect.functionArn(function));
                resources.add(new Resource(id, "AWS::Connect::IntegrationAssociation", LocalConnect.functionArn(function)));
            }
        });

        Map<String, String> outputs = new LinkedHashMap<>();
        template.outputs().forEach((name, output) -> {
            String value = outputValue(output.get("Value"), tables, functions, flows, apiUrl);
            if (value != null) {
                outputs.put(name, value);
            }
        });

        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, port), 16);
        LocalControlPlane plane = new LocalControlPlane(server, parameters, outputs, resources, flows, associated);
        server.createContext("/", plane::handle);
        server.setExecutor(executor);
        server.start();
        return plane;
    }

    /** The function of {@code !Ref Function.Alias}; null for anything else. */
    private static String aliasTarget(Object value) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
            return ref.substring(0, ref.length() - ".Alias".length());
        }
        return null;
    }

    /**
     * An output's local value: a table's name, a function alias's or a flow's ARN, the runner's URL for the API's and
     * the pages' URLs (both served by the HTTP port); null for outputs with no local counterpart (the user pool, the
     * bucket, the distribution).
     */
    private static String outputValue(Object value, Map<String, String> tables, Functions functions, ContactFlows flows,
                                      String apiUrl) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref) {
            String function = aliasTarget(value);
            if (function != null && functions.get(function).isPresent()) {
                return LocalConnect.functionArn(function);
            }
            return tables.get(ref);
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                && "ContactFlowArn".equals(att.get(1))) {
            return flows.byId(String.valueOf(att.get(0))).map(ContactFlows.Flow::arn).orElse(null);
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Sub") instanceof String sub
                && sub.startsWith("https://") && (sub.contains("${HttpApi}") || sub.contains("${WebDistribution."))) {
            return apiUrl;
        }
        return null;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod()) && "/".equals(path)) {
                cloudFormation(exchange, form(new String(body, StandardCharsets.UTF_8)));
            } else if ("GET".equals(exchange.getRequestMethod())) {
                connect(exchange, path);
            } else {
                connectError(exchange, 404, "UnknownOperationException", "Not an operation served locally: " + path);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private void cloudFormation(HttpExchange exchange, Map<String, String> request) throws IOException {
        String action = request.getOrDefault("Action", "");
        if (!action.equals("DescribeStacks") && !action.equals("DescribeStackResources")) {
            cloudFormationError(exchange, 400, "InvalidAction", "Only DescribeStacks and DescribeStackResources are served locally.");
            return;
        }
        String name = request.get("StackName");
        if (!STACK_NAME.equals(name) && !STACK_ID.equals(name)) {
            cloudFormationError(exchange, 400, "ValidationError", "Stack with id " + name + " does not exist");
            return;
        }
        StringBuilder xml = new StringBuilder();
        if (action.equals("DescribeStacks")) {
            xml.append("<Stacks><member><StackName>").append(STACK_NAME).append("</StackName><StackId>").append(STACK_ID)
                    .append("</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>");
            xml.append("<Parameters>");
            parameters.forEach((key, value) -> xml.append("<member><ParameterKey>").append(escape(key))
                    .append("</ParameterKey><ParameterValue>").append(escape(value)).append("</ParameterValue></member>"));
            xml.append("</Parameters><Outputs>");
            outputs.forEach((key, value) -> xml.append("<member><OutputKey>").append(escape(key))
                    .append("</OutputKey><OutputValue>").append(escape(value)).append("</OutputValue></member>"));
            xml.append("</Outputs></member></Stacks>");
        } else {
            xml.append("<StackResources>");
            resources.forEach(r -> xml.append("<member><StackName>").append(STACK_NAME).append("</StackName><StackId>")
                    .append(STACK_ID).append("</StackId><LogicalResourceId>").append(escape(r.logicalId()))
                    .append("</LogicalResourceId><PhysicalResourceId>").append(escape(r.physicalId()))
                    .append("</PhysicalResourceId><ResourceType>").append(r.type())
                    .append("</ResourceType><Timestamp>2026-01-01T00:00:00Z</Timestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>"));
            xml.append("</StackResources>");
        }
        String answer = "<" + action + "Response xmlns=\"" + CF_NS + "\"><" + action + "Result>" + xml + "</" + action
                + "Result><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></" + action + "Response>";
        Exchanges.send(exchange, 200, Map.of("Content-Type", "text/xml"), answer.getBytes(StandardCharsets.UTF_8));
    }

    private static void cloudFormationError(HttpExchange exchange, int status, String code, String message) throws IOException {
        String xml = "<ErrorResponse xmlns=\"" + CF_NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message></Error><RequestId>local</RequestId></ErrorResponse>";
        Exchanges.send(exchange, status, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    private void connect(HttpExchange exchange, String path) throws IOException {
        String[] parts = path.substring(1).split("/");
        String instance = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        if (!instance.equals(INSTANCE_ID) && !instance.equals(LocalConnect.INSTANCE_ARN)) {
            connectError(exchange, 404, "ResourceNotFoundException", "Instance not found: " + instance);
            return;
        }
        if (parts.length == 2 && parts[0].equals("contact-flows-summary")) {
            List<Map<String, Object>> summaries = flows.all().stream().map(flow -> Map.<String, Object>of(
                    "Arn", flow.arn(), "Id", flow.resourceId(), "Name", flow.resourceId(), "ContactFlowType", "CONTACT_FLOW",
                    "ContactFlowState", "ACTIVE", "ContactFlowStatus", "PUBLISHED")).toList();
            Exchanges.sendJson(exchange, 200, Map.of(), Json.write(Map.of("ContactFlowSummaryList", summaries)));
        } else if (parts.length == 3 && parts[0].equals("contact-flows")) {
            var flow = flows.byId(URLDecoder.decode(parts[2], StandardCharsets.UTF_8));
            if (flow.isEmpty()) {
                connectError(exchange, 404, "ResourceNotFoundException", "Contact flow not found: " + parts[2]);
                return;
            }
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("Version", "2019-10-30");
            content.put("StartAction", flow.get().startAction());
            content.put("Actions", List.copyOf(flow.get().actions().values()));
            Exchanges.sendJson(exchange, 200, Map.of(), Json.write(Map.of("ContactFlow", Map.of(
                    "Arn", flow.get().arn(), "Id", flow.get().resourceId(), "Name", flow.get().resourceId(),
                    "Type", "CONTACT_FLOW", "State", "ACTIVE", "Status", "PUBLISHED", "Content", Json.write(content)))));
        } else if (parts.length == 3 && parts[0].equals("instance") && parts[2].equals("lambda-functions")) {
            Exchanges.sendJson(exchange, 200, Map.of(), Json.write(Map.of("LambdaFunctions", List.copyOf(associated))));
        } else {
            connectError(exchange, 404, "UnknownOperationException", "Not an operation served locally: " + path);
        }
    }

    private static void connectError(HttpExchange exchange, int status, String type, String message) throws IOException {
        Exchanges.sendJson(exchange, status, Map.of("x-amzn-ErrorType", type), Json.write(Map.of("Message", message)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package fr.accueil.local;

import fr.accueil.connect.AwsJsonClient;
import fr.accueil.embedded.LocalClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * The local stack's IAM: every SDK request made while a function's invocation runs on the thread is
 * checked against that function's role in template.yaml ({@link IamPolicy}) and refused with
 * AccessDeniedException, as AWS refuses a call the role does not allow. So the end-to-end suite
 * proves each function's policy is enough; {@link #used} records what was allowed, for the test
 * that proves the converse (a policy grants nothing its function does not use).
 *
 * <p>Registered for every client of the local runner through the SDK's classpath resource
 * software/amazon/awssdk/global/handlers/execution.interceptors, and for the hand-written Connect and Parameter Store
 * clients ({@link AwsJsonClient}) as their {@link AwsJsonClient.Check} service (META-INF/services); the deployed
 * packages have neither. The hand-written clients' requests are read as the services read them: the action from
 * the operation (Connect's method and path, Parameter Store's X-Amz-Target), the resources from the path and body. A request
 * on a thread with no invocation (start-up seeding, warm-up and priming threads, tests calling stores
 * directly) is not checked: on AWS these run under the role of the container they warm, whose calls
 * the invocations make anyway. Public with a public constructor: the SDK instantiates it.
 *
 * <p>How each request maps to IAM actions and resources follows the service authorization reference:
 * DynamoDB "Using IAM with DynamoDB transactions" (a transaction needs PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem or GetItem on each item's table; a query of an index needs Query on the index's
 * ARN, table/NAME/index/INDEX); SNS "Using identity-based policies" (a Publish to a phone number names
 * no topic ARN); SES v2 SendEmail on the sender's identity ARN; Connect actions on the instance's
 * queue or contact ARNs; KMS Encrypt and Decrypt on the key named by KeyId.
 */
public final class IamEnforcement implements ExecutionInterceptor, AwsJsonClient.Check {
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();
    private static final Map<String, Set<IamPolicy.Grant>> USED = new ConcurrentHashMap<>();

    private record Invocation(String function, IamPolicy policy) {
    }

    /** Runs a function's invocation (its handler's construction included) under its role. */
    static <T> T during(FunctionSpec function, Callable<T> invocation) throws Exception {
        Invocation previous = CURRENT.get();
        CURRENT.set(new Invocation(function.logicalId(), function.policy()));
        try {
            return invocation.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** What each function was allowed to do so far in this JVM: action and resource, by function. */
    static Map<String, Set<IamPolicy.Grant>> used() {
        return USED;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Invocation invocation = CURRENT.get();
        if (invocation == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        enforce(invocation, service, needed(service, operation, context.request(), LocalClients.REGION.id()));
    }

    @Override
    public void beforeExecution(String service, String operation, String path, Map<String, Object> body) {
        Invocation invocation = CURRENT.get();
        if (invocation != null) {
            enforce(invocation, service, needed(service, operation, path, body, LocalClients.REGION.id()));
        }
    }

    private static void enforce(Invocation invocation, String service, List<IamPolicy.Grant> grants) {
        for (IamPolicy.Grant needed : grants) {
            if (!invocation.policy().allows(needed)) {
                // Said on the runner's error stream too: handlers log a failure's type, not always its message.
                System.err.println("[local IAM] " + invocation.function() + " denied " + needed);
                throw denied(service, invocation.function(), needed);
            }
            USED.computeIfAbsent(invocation.function(), f -> ConcurrentHashMap.newKeySet()).add(needed);
        }
    }

    /** The actions and resources a request needs. */
    static List<IamPolicy.Grant> needed(String service, String operation, SdkRequest request, String region) {
        String prefix = prefix(service);
        List<IamPolicy.Grant> needed = new ArrayList<>();
        if ("dynamodb".equals(prefix)) {
            dynamoDb(operation, request, region, needed);
        } else if ("sns".equals(prefix)) {
            String target = request.getValueForField("TopicArn", String.class)
                    .or(() -> request.getValueForField("TargetArn", String.class))
                    .orElse("*");
            needed.add(new IamPolicy.Grant("sns:" + operation, target));
        } else if ("ses".equals(prefix)) {
            String from = request.getValueForField("FromEmailAddress", String.class).orElse("*");
            int open = from.indexOf('<');
            String address = open < 0 ? from : from.substring(open + 1, from.indexOf('>', open));
            needed.add(new IamPolicy.Grant("ses:" + operation, "arn:aws:ses:" + region + ":" + TemplateValues.ACCOUNT + ":identity/" + address));
        } else if ("kms".equals(prefix)) {
            String key = request.getValueForField("KeyId", String.class).orElse("*");
            needed.add(new IamPolicy.Grant("kms:" + operation, key.startsWith("arn:") ? key
                    : "arn:aws:kms:" + region + ":" + TemplateValues.ACCOUNT + ":key/" + key));
        } else if ("eventbridge".equals(prefix) && request instanceof PutEventsRequest put) {
            // EventBridge "Using identity-based policies": PutEvents on each entry's event bus ARN.
            put.entries().stream().map(e -> e.eventBusName() == null ? "default" : e.eventBusName()).distinct()
                    .forEach(bus -> needed.add(new IamPolicy.Grant("events:" + operation, bus.startsWith("arn:") ? bus
                            : "arn:aws:events:" + region + ":" + TemplateValues.ACCOUNT + ":event-bus/" + bus)));
        } else {
            needed.add(new IamPolicy.Grant(prefix + ":" + operation, "*"));
        }
        return needed;
    }

    /**
     * The actions and resources of a hand-written client's request: Connect's on the instance's queues (the metrics'
     * filter) or contacts, Parameter Store's GetParametersByPath on the path's parameter ARN.
     */
    static List<IamPolicy.Grant> needed(String service, String operation, String path, Map<String, Object> body, String region) {
        List<IamPolicy.Grant> needed = new ArrayList<>();
        if ("connect".equals(service)) {
            // GetCurrentMetricData names the instance in its path (/metrics/current/{InstanceId}), the others in the body.
            Object id = path.startsWith("/metrics/current/") ? path.substring("/metrics/current/".length()) : body.get("InstanceId");
            String instance = "arn:aws:connect:" + region + ":" + TemplateValues.ACCOUNT + ":instance/" + (id == null ? "*" : id);
            if (body.get("Filters") instanceof Map<?, ?> filters && filters.get("Queues") instanceof List<?> queues) {
                queues.forEach(q -> needed.add(new IamPolicy.Grant("connect:" + operation,
                        q.toString().startsWith("arn:") ? q.toString() : instance + "/queue/" + q)));
            } else {
                needed.add(new IamPolicy.Grant("connect:" + operation, instance + "/contact/*"));
            }
        } else if ("ssm".equals(service)) {
            String name = String.valueOf(body.getOrDefault("Path", body.getOrDefault("Name", "*")));
            needed.add(new IamPolicy.Grant("ssm:" + operation, "arn:aws:ssm:" + region + ":" + TemplateValues.ACCOUNT
                    + ":parameter" + (name.startsWith("/") ? name : "/" + name)));
        } else {
            needed.add(new IamPolicy.Grant(service + ":" + operation, "*"));
        }
        return needed;
    }

    private static void dynamoDb(String operation, SdkRequest request, String region, List<IamPolicy.Grant> needed) {
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    needed.add(table("PutItem", region, item.put().tableName()));
                } else if (item.update() != null) {
                    needed.add(table("UpdateItem", region, item.update().tableName()));
                } else if (item.delete() != null) {
                    needed.add(table("DeleteItem", region, item.delete().tableName()));
                } else if (item.conditionCheck() != null) {
                    needed.add(table("ConditionCheckItem", region, item.conditionCheck().tableName()));
                }
            }
        } else if (request instanceof TransactGetItemsRequest transaction) {
            transaction.transactItems().forEach(item -> needed.add(table("GetItem", region, item.get().tableName())));
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().keySet().forEach(t -> needed.add(table(operation, region, t)));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().keySet().forEach(t -> needed.add(table(operation, region, t)));
        } else {
            String resource = request.getValueForField("TableName", String.class)
                    .map(t -> TemplateValues.tableArn(region, t)
                            + request.getValueForField("IndexName", String.class).map(i -> "/index/" + i).orElse(""))
                    .orElse("*");
            needed.add(new IamPolicy.Grant("dynamodb:" + operation, resource));
        }
    }

    private static IamPolicy.Grant table(String action, String region, String table) {
        return new IamPolicy.Grant("dynamodb:" + action, TemplateValues.tableArn(region, table));
    }

    /** The IAM service prefix of an SDK client's service name ("DynamoDB", "SNS", "SESv2", "Connect"). */
    private static String prefix(String service) {
        String name = service.toLowerCase(java.util.Locale.ROOT);
        return name.startsWith("ses") ? "ses" : name;
    }

    /** AWS's answer to a call the role does not allow: 400 AccessDeniedException, not retried. */
    private static RuntimeException denied(String service, String function, IamPolicy.Grant needed) {
        String message = "User: arn:aws:sts::" + TemplateValues.ACCOUNT + ":assumed-role/" + function + "Role/" + function
                + " is not authorized to perform: " + needed.action() + " on resource: " + needed.resource()
                + " because no identity-based policy allows the " + needed.action() + " action (local IAM, template.yaml)";
        if (service.equals("connect") || service.equals("ssm")) {
            return new AwsJsonClient.Failure(400, "AccessDeniedException", new SecurityException(message));
        }
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage(message)
                .serviceName(service).build();
        AwsServiceException.Builder error = "dynamodb".equals(prefix(service)) ? DynamoDbException.builder() : AwsServiceException.builder();
        return error.awsErrorDetails(details).statusCode(400).message(message).build();
    }
}

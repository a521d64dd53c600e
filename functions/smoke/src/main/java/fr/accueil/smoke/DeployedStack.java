package fr.accueil.smoke;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

/**
 * A deployed stack as CloudFormation describes it: its status, parameters, outputs and resources (the smoke tier's
 * checks and the territory command read it).
 */
public record DeployedStack(String name, String status, Map<String, String> parameters, Map<String, String> outputs,
                     List<StackResource> resources) {
    /** The outputs the checks read; the template declares them all. */
    static final List<String> REQUIRED_OUTPUTS = List.of("ApiUrl", "ContactsTableName", "DirectoryTableName",
            "BookingTableName", "CallbacksTableName", "SatisfactionTableName");

    public static DeployedStack describe(CloudFormationClient cloudFormation, String name) {
        Stack stack = cloudFormation.describeStacks(r -> r.stackName(name)).stacks().get(0);
        Map<String, String> parameters = new LinkedHashMap<>();
        stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue() == null ? "" : p.parameterValue()));
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        List<StackResource> resources = cloudFormation.describeStackResources(r -> r.stackName(name)).stackResources();
        return new DeployedStack(name, stack.stackStatusAsString(), parameters, outputs, resources);
    }

    /** Whether the stack stands as deployed: created or updated, not rolled back nor in progress. */
    public boolean complete() {
        return status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE");
    }

    /** The physical id (a function's name, a flow's ARN) of a resource by its logical id. */
    public Optional<String> physicalId(String logicalId) {
        return resources.stream().filter(r -> r.logicalResourceId().equals(logicalId))
                .map(StackResource::physicalResourceId).findFirst();
    }

    /** The physical ids of the stack's resources of a type, by logical id. */
    public Map<String, String> physicalIds(String type) {
        Map<String, String> ids = new LinkedHashMap<>();
        resources.stream().filter(r -> r.resourceType().equals(type))
                .forEach(r -> ids.put(r.logicalResourceId(), r.physicalResourceId()));
        return ids;
    }

    public String output(String key) {
        String value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the stack has no output " + key);
        }
        return value;
    }
}

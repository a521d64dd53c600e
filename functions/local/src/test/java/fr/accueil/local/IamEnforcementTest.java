package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The actions and resources local IAM reads from a request of the hand-written Connect and Parameter Store client,
 * as the service authorization reference names them (Connect: the queues of GetCurrentMetricData's filter, the
 * instance's contacts for StartOutboundVoiceContact; Systems Manager: GetParametersByPath on the path's ARN).
 */
class IamEnforcementTest {
    private static final String INSTANCE = "arn:aws:connect:eu-central-1:" + TemplateValues.ACCOUNT + ":instance/i-1";

    @Test
    void connectsMetricsNeedEachQueueOfTheFilterWithTheInstanceFromThePath() {
        assertEquals(List.of(new IamPolicy.Grant("connect:GetCurrentMetricData", INSTANCE + "/queue/retraite"),
                        new IamPolicy.Grant("connect:GetCurrentMetricData", "arn:aws:connect:eu-central-1:1:instance/x/queue/q")),
                IamEnforcement.needed("connect", "GetCurrentMetricData", "/metrics/current/i-1",
                        Map.of("Filters", Map.of("Queues", List.of("retraite", "arn:aws:connect:eu-central-1:1:instance/x/queue/q"))),
                        "eu-central-1"));
    }

    @Test
    void anOutboundCallNeedsTheInstancesContactsNamedInTheBody() {
        assertEquals(List.of(new IamPolicy.Grant("connect:StartOutboundVoiceContact", INSTANCE + "/contact/*")),
                IamEnforcement.needed("connect", "StartOutboundVoiceContact", "/contact/outbound-voice",
                        Map.of("InstanceId", "i-1", "ClientToken", "t"), "eu-central-1"));
    }

    @Test
    void parametersByPathNeedThePathsParameterArn() {
        assertEquals(List.of(new IamPolicy.Grant("ssm:GetParametersByPath",
                        "arn:aws:ssm:eu-central-1:" + TemplateValues.ACCOUNT + ":parameter/accueil/dev/demo/connect-queues")),
                IamEnforcement.needed("ssm", "GetParametersByPath", "/", Map.of("Path", "/accueil/dev/demo/connect-queues"),
                        "eu-central-1"));
    }
}

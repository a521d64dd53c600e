package fr.accueil.local;

import java.util.Optional;

/**
 * A fault of one function in one call (scenarios, tests and demos): the function is invoked as
 * usual and really fails, so that the flow takes its error branch for the reason Connect would.
 * <ul>
 * <li>{@code throws}: the function's first DynamoDB request throws an {@link OutOfMemoryError}, the
 *     kind of failure its catch-all lets through: the invocation ends in a function error;</li>
 * <li>{@code slow}: each of the function's DynamoDB requests waits longer than any invocation time
 *     limit before leaving: the client's time bounds give up on it, and the function answers by itself,
 *     within InvocationTimeLimitSeconds (a function without such bounds would be cut there: Error branch);</li>
 * <li>{@code dynamodb-down}: the function's DynamoDB requests are refused (connection refused): the
 *     function answers its safe route, and the flow goes on with it;</li>
 * <li>{@code answered-by:OtherFunction}: the flow's ARN resolves to another function of the template
 *     (a deployment mistake): its real answer, e.g. an HTTP response, is no STRING_MAP.</li>
 * </ul>
 * The DynamoDB faults are applied by {@link FunctionFaults}, an SDK execution interceptor, only on
 * the thread of that function's invocation.
 */
record FunctionFault(Kind kind, String answeredBy) {
    enum Kind { THROWS, SLOW, DYNAMODB_DOWN, ANSWERED_BY }

    private static final String ANSWERED_BY = "answered-by:";

    /** The fault a scenario names, or empty when the text names none. */
    static Optional<FunctionFault> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text) {
            case "throws" -> Optional.of(new FunctionFault(Kind.THROWS, null));
            case "slow" -> Optional.of(new FunctionFault(Kind.SLOW, null));
            case "dynamodb-down" -> Optional.of(new FunctionFault(Kind.DYNAMODB_DOWN, null));
            default -> text.startsWith(ANSWERED_BY) && text.length() > ANSWERED_BY.length()
                    ? Optional.of(new FunctionFault(Kind.ANSWERED_BY, text.substring(ANSWERED_BY.length())))
                    : Optional.empty();
        };
    }

    /** The words of {@link #parse}, for error messages. */
    static final String NAMES = "throws, slow, dynamodb-down, answered-by:<fonction>";
}

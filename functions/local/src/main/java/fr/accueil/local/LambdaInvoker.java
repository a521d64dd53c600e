package fr.accueil.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a function's handler on a JSON payload the way the Java Lambda runtime does: one handler
 * instance per function (a warm container), the payload deserialised with the runtime's own
 * serializers (aws-lambda-java-serialization knows the events types), the result serialised back.
 */
final class LambdaInvoker {
    private static final long TIMEOUT_MILLIS = 10_000;

    /** What an invocation gives: the payload, or the error Lambda reports as a function error. */
    record Result(byte[] payload, String errorType) {
        boolean failed() {
            return errorType != null;
        }
    }

    private final Map<String, Loaded> handlers = new ConcurrentHashMap<>();

    Result invoke(FunctionSpec function, byte[] payload) {
        try {
            // Under the function's role, from its handler's construction (its init code) to its answer.
            return IamEnforcement.during(function, () -> {
                Loaded loaded = handlers.computeIfAbsent(function.logicalId(), id -> load(function));
                Context context = new LocalContext(UUID.randomUUID().toString(), function, TIMEOUT_MILLIS);
                return new Result(loaded.invoke(payload, context), null);
            });
        } catch (Throwable e) {
            Throwable cause = unwrap(e);
            return new Result(errorPayload(cause), cause.getClass().getName());
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof InvocationTargetException || cause instanceof HandlerLoadException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Lambda's error document: errorMessage, errorType, stackTrace. */
    private static byte[] errorPayload(Throwable error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessage", String.valueOf(error.getMessage()));
        body.put("errorType", error.getClass().getName());
        body.put("stackTrace", Arrays.stream(error.getStackTrace()).limit(20).map(String::valueOf).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(Map.class).toJson(body, out);
        return out.toByteArray();
    }

    private static Loaded load(FunctionSpec function) {
        try {
            Class<?> type = Class.forName(function.handlerClass());
            Object handler = type.getConstructor().newInstance();
            if (handler instanceof RequestStreamHandler stream) {
                return (payload, context) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    stream.handleRequest(new ByteArrayInputStream(payload), out, context);
                    return out.toByteArray();
                };
            }
            Method method = handlerMethod(type, function.handlerMethod());
            PojoSerializer<Object> input = serializer(method.getParameterTypes()[0]);
            return (payload, context) -> {
                Object event = input.fromJson(new ByteArrayInputStream(payload));
                Object result = method.getParameterCount() == 2 ? method.invoke(handler, event, context) : method.invoke(handler, event);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (result != null) {
                    serializer(result.getClass()).toJson(result, out);
                }
                return out.toByteArray();
            };
        } catch (InvocationTargetException e) {
            throw new HandlerLoadException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerLoadException(e);
        }
    }

    /** The handler method as the runtime picks it: by name, not a bridge, the most specific input type. */
    private static Method handlerMethod(Class<?> type, String name) throws NoSuchMethodException {
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 1
                        || (m.getParameterCount() == 2 && Context.class.isAssignableFrom(m.getParameterTypes()[1])))
                .toList();
        if (candidates.isEmpty()) {
            throw new NoSuchMethodException(type.getName() + "::" + name);
        }
        return candidates.stream().filter(m -> m.getParameterTypes()[0] != Object.class).findFirst().orElse(candidates.get(0));
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, LambdaInvoker.class.getClassLoader());
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    @FunctionalInterface
    private interface Loaded {
        byte[] invoke(byte[] payload, Context context) throws Exception;
    }

    /** A handler that cannot be built: reported as the function's error, like an init failure. */
    private static final class HandlerLoadException extends RuntimeException {
        HandlerLoadException(Throwable cause) {
            super(cause);
        }
    }
}

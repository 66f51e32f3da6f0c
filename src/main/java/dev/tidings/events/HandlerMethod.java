package dev.tidings.events;

import dev.tidings.api.Socket;
import dev.tidings.api.Sockets;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One {@code @On} method, checked at deployment: which argument goes where, and how the event's data is
 * decoded for it.
 */
final class HandlerMethod {

    /** What a parameter receives. */
    enum Kind { SOCKET, SOCKETS, JSON_OBJECT, JSON_VALUE, MESSAGE, BOUND }

    private final Method method;
    private final Kind[] kinds;
    private final Type dataType;

    private HandlerMethod(Method method, Kind[] kinds, Type dataType) {
        this.method = method;
        this.kinds = kinds;
        this.dataType = dataType;
    }

    /** Checks a handler method; adds what is wrong with it to {@code problems}. */
    static HandlerMethod of(Method method, List<String> problems) {
        String where = method.getDeclaringClass().getName() + "." + method.getName();
        if (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
            problems.add(where + ": an @On method must not be static or private");
        }
        Class<?>[] types = method.getParameterTypes();
        Kind[] kinds = new Kind[types.length];
        Type dataType = null;
        int dataParameters = 0;
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == Socket.class) {
                kinds[i] = Kind.SOCKET;
            } else if (t == Sockets.class) {
                kinds[i] = Kind.SOCKETS;
            } else {
                dataParameters++;
                dataType = method.getGenericParameterTypes()[i];
                kinds[i] = t == JsonObject.class ? Kind.JSON_OBJECT
                        : t == JsonValue.class ? Kind.JSON_VALUE
                        : t == String.class ? Kind.MESSAGE
                        : Kind.BOUND;
            }
        }
        if (dataParameters > 1) {
            problems.add(where + ": at most one parameter takes the event's data (the others are Socket and Sockets)");
        }
        method.setAccessible(true);
        return new HandlerMethod(method, kinds, dataType);
    }

    /**
     * Calls the handler.
     *
     * @throws IllegalArgumentException when the data does not fit the parameter (sent back as a warning)
     * @throws InvocationTargetException what the handler threw
     */
    void invoke(Object target, ClientSocket socket, Sockets all, JsonValue data, EventSocketApp app)
            throws InvocationTargetException, IllegalAccessException {
        Object[] args = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            args[i] = switch (kinds[i]) {
                case SOCKET -> socket;
                case SOCKETS -> all;
                case JSON_VALUE -> data;
                case JSON_OBJECT -> {
                    if (!(data instanceof JsonObject o)) {
                        throw new IllegalArgumentException("data must be a JSON object");
                    }
                    yield o;
                }
                case MESSAGE -> message(data);
                case BOUND -> app.decode(data, dataType);
            };
        }
        method.invoke(target, args);
    }

    String name() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** A string parameter gets the {@code message} of {@code {"message": "..."}}, else the data's JSON text. */
    private static String message(JsonValue data) {
        if (data instanceof JsonObject o && o.size() == 1 && o.get("message") instanceof JsonString s) {
            return s.getString();
        }
        return data instanceof JsonString s ? s.getString() : data.toString();
    }
}

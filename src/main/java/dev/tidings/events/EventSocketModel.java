package dev.tidings.events;

import dev.tidings.api.EventSocket;
import dev.tidings.api.On;
import dev.tidings.config.Names;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An {@link EventSocket} class, checked at deployment: its path and one handler per event name. Every
 * problem is collected, so one failed deployment names them all.
 *
 * @param path the path under {@code /ws}
 * @param beanClass the declaring bean class
 * @param handlers event name → handler, sorted by name
 */
record EventSocketModel(String path, Class<?> beanClass, Map<String, HandlerMethod> handlers) {
    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    static final String OPEN = "open";
    static final String CLOSE = "close";

    /** Reads an {@code @EventSocket} class; adds what is wrong with it to {@code problems}. */
    static EventSocketModel of(Class<?> beanClass, List<String> problems) {
        String path = beanClass.getAnnotation(EventSocket.class).value();
        String where = "@EventSocket(\"" + path + "\") on " + beanClass.getName();
        if (!PATH.matcher(path).matches() || path.length() > 200) {
            problems.add(where + ": the path starts with / and has segments of [A-Za-z0-9._~-], e.g. /chat");
        } else if (path.equals("/channels") || path.startsWith("/channels/")) {
            problems.add(where + ": /ws/channels/ is where channels are subscribed; choose another path");
        }
        Map<String, HandlerMethod> handlers = new TreeMap<>();
        Map<String, String> boundBy = new TreeMap<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                On on = method.getAnnotation(On.class);
                if (on == null || method.isBridge()) {
                    continue;
                }
                String event = on.value();
                String name = c.getName() + "." + method.getName();
                if (!Names.isEvent(event)) {
                    problems.add(name + ": @On(\"" + event + "\") is not an event name; event names match " + Names.EVENT.pattern());
                    continue;
                }
                if (event.equals(EventFrames.WARNING)) {
                    problems.add(name + ": 'warning' is the event Tidings sends to report a client's mistakes; choose another name");
                    continue;
                }
                if (boundBy.containsKey(event)) {
                    problems.add(name + ": event '" + event + "' is already handled by " + boundBy.get(event)
                            + "; bind each event once");
                    continue;
                }
                boundBy.put(event, name);
                handlers.put(event, HandlerMethod.of(method, problems));
            }
        }
        return new EventSocketModel(path, beanClass, java.util.Collections.unmodifiableMap(handlers));
    }

    /** Checks that no two event sockets share a path. */
    static List<String> duplicatePaths(List<EventSocketModel> models) {
        List<String> problems = new ArrayList<>();
        Map<String, String> byPath = new TreeMap<>();
        for (EventSocketModel m : models) {
            String previous = byPath.putIfAbsent(m.path(), m.beanClass().getName());
            if (previous != null) {
                problems.add("@EventSocket(\"" + m.path() + "\") is declared by both " + previous + " and " + m.beanClass().getName());
            }
        }
        return problems;
    }
}

package dev.tidings.events;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which browser pages may open an event socket: the page's own origin (the {@code Origin} header names the
 * host the request was sent to), and the origins in {@code tidings.events.allowed-origins} ({@code *}: any).
 * A client that sends no {@code Origin} is not a browser, and cross-site forgery needs one, so it passes.
 * (django-tornado-websockets' {@code check_origin} let every page in.)
 */
final class Origins {
    private final List<String> allowed;

    Origins(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /** Empty when allowed; otherwise why not. */
    Optional<String> check(Optional<String> origin, Optional<String> host) {
        if (origin.isEmpty() || allowed.contains("*")) {
            return Optional.empty();
        }
        String o = origin.get().trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return Optional.empty();
        }
        int scheme = o.indexOf("://");
        if (scheme > 0 && host.isPresent() && o.substring(scheme + 3).equals(withPort(o.substring(0, scheme), host.get()))) {
            return Optional.empty();
        }
        return Optional.of("origin " + printable(origin.get()) + " may not open this socket; add it to tidings.events.allowed-origins");
    }

    /** The Host header as the Origin writes it: without the scheme's default port. */
    private static String withPort(String scheme, String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") && h.endsWith(":80")) || (scheme.equals("https") && h.endsWith(":443"))) {
            return h.substring(0, h.lastIndexOf(':'));
        }
        return h;
    }

    private static String printable(String text) {
        String t = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

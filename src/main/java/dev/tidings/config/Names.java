package dev.tidings.config;

import java.util.regex.Pattern;

/** The syntax of names that appear in URLs, config keys and wire frames. */
public final class Names {
    /** Channel names: {@code [A-Za-z0-9._-]{1,128}}. */
    public static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** Event names: {@code [A-Za-z0-9._:-]{1,64}} (no spaces or line breaks: they go into SSE fields). */
    public static final Pattern EVENT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Names() {
    }

    public static boolean isChannel(String name) {
        return name != null && CHANNEL.matcher(name).matches();
    }

    public static boolean isEvent(String name) {
        return name != null && EVENT.matcher(name).matches();
    }
}

package dev.tidings.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a method of an {@link EventSocket} bean to an event name. The events {@code open} and {@code close}
 * are fired by Tidings when a client connects and leaves; every other name is an event clients send.
 *
 * <p>Parameters, in any order, chosen by type: {@link Socket} (the client), {@link Sockets} (every client of
 * this event socket), and at most one for the event's data: {@code jakarta.json.JsonObject},
 * {@code jakarta.json.JsonValue}, {@code String} (the {@code message} of {@code {"message": "..."}}, the form a
 * string is sent in), or any type JSON-B can bind. A method must not be private or static, and an event name
 * is bound once per socket (a second binding fails deployment). A handler that throws
 * {@link TidingsException} sends its message back as a {@code warning} event.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface On {

    /** The event name: {@code [A-Za-z0-9._:-]{1,64}}. */
    String value();
}

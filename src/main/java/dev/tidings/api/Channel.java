package dev.tidings.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Selects the channel an injected {@link Publisher} publishes to.
 *
 * <pre>{@code
 * @Inject @Channel("prices") Publisher prices;
 * @Inject @Channel Publisher ticker;   // channel name = field name: "ticker"
 * }</pre>
 *
 * The channel must be declared in MicroProfile Config ({@code tidings.channels.prices.store=queue});
 * an injection point naming an undeclared channel fails deployment with a message saying so.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface Channel {

    /** The channel name; empty means the name of the injected field or parameter. */
    @Nonbinding
    String value() default "";
}

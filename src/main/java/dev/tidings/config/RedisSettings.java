package dev.tidings.config;

import java.time.Duration;

/**
 * The Redis broker ({@code tidings.redis.*}), used by channels with {@code broker=redis}.
 *
 * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS
 *            ({@code tidings.redis.uri}, default {@code redis://127.0.0.1:6379})
 * @param prefix prefix of every Redis key and Pub/Sub channel ({@code tidings.redis.prefix}, default
 *               {@code tidings:}): channel {@code news} is published on {@code tidings:news}
 * @param connectTimeout how long connecting may take ({@code tidings.redis.connect-timeout}, default 2s)
 * @param commandTimeout how long a publish waits for Redis before it fails with 503
 *                       ({@code tidings.redis.command-timeout}, default 2s)
 */
public record RedisSettings(String uri, String prefix, Duration connectTimeout, Duration commandTimeout) {
    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final String DEFAULT_PREFIX = "tidings:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public static RedisSettings defaults() {
        return new RedisSettings(DEFAULT_URI, DEFAULT_PREFIX, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + redacted(uri) + ", prefix=" + prefix + "]";
    }

    /** The URI without its password, for logs and errors. */
    public static String redacted(String uri) {
        return uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}

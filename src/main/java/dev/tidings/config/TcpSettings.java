package dev.tidings.config;

import java.time.Duration;

/**
 * The TCP line-protocol listener ({@code tidings.tcp.*}).
 *
 * @param enabled whether the application opens the listener ({@code tidings.tcp.enabled}, default false)
 * @param host the address it binds ({@code tidings.tcp.host}, default 127.0.0.1: loopback only)
 * @param port the port ({@code tidings.tcp.port}, default 5567, the relay's port in the seed articles)
 * @param maxLine longest accepted client line in bytes, CRLF included ({@code tidings.tcp.max-line}, default
 *                131072: an escaped payload of {@code tidings.publish.max-bytes} can double in size)
 * @param writeTimeout a client whose socket accepts no bytes for this long is disconnected
 *                     ({@code tidings.tcp.write-timeout}, default 30s)
 */
public record TcpSettings(boolean enabled, String host, int port, int maxLine, Duration writeTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5567;
    public static final int DEFAULT_MAX_LINE = 128 * 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** The listener switched off, with every other value at its default. */
    public static TcpSettings disabled() {
        return new TcpSettings(false, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_LINE, DEFAULT_WRITE_TIMEOUT);
    }
}

package dev.tidings;

import java.io.IOException;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary the embedded-redis jar carries) on a loopback port, without persistence,
 * that a test may stop and start again on the same port to play an outage.
 */
public final class TestRedis implements AutoCloseable {
    private final int port;
    private final String[] settings;
    private RedisServer server;

    /** @param settings extra redis.conf lines, e.g. {@code requirepass s3cret} */
    public TestRedis(int port, String... settings) {
        this.port = port;
        this.settings = settings;
    }

    public TestRedis start() throws IOException {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("protected-mode yes");
        for (String setting : settings) {
            builder.setting(setting);
        }
        server = builder.build();
        server.start();
        return this;
    }

    public void stop() throws IOException {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}

package dev.tidings;

import java.io.IOException;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary the embedded-redis jar carries) on a loopback port, without persistence,
 * that a test may stop and start again on the same port to play an outage.
 */
public final class TestRedis implements AutoCloseable {
    private final int port;
    private RedisServer server;

    public TestRedis(int port) {
        this.port = port;
    }

    public TestRedis start() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("protected-mode yes").build();
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

package dev.tidings.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An OpenLiberty server of a test's own (not Arquillian's), in the Liberty install the build creates
 * ({@code target/liberty/wlp}): the build's server configuration, its own HTTP port and JVM options, and the
 * built WAR in {@code dropins}.
 */
public final class LibertyServer {
    /** The Liberty install the build creates (liberty-maven-plugin), and its server whose configuration is copied. */
    private static final Path WLP = Path.of("target", "liberty", "wlp");

    private final String name;
    private final Path directory;

    private LibertyServer(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    /** Creates (or recreates) the server; {@code jvmOptions} are lines such as {@code -Dtidings.tcp.port=19182}. */
    public static LibertyServer create(String name, int httpPort, List<String> jvmOptions) throws IOException {
        Path servers = WLP.resolve("usr").resolve("servers");
        Path template = servers.resolve("tidings");
        assertTrue(Files.isRegularFile(template.resolve("server.xml")), "the build creates " + template);
        Path server = servers.resolve(name);
        if (Files.exists(server)) {
            try (Stream<Path> old = Files.walk(server)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(server.resolve("dropins"));
        for (String file : List.of("server.xml", "server.env", "jvm.options")) {
            if (Files.exists(template.resolve(file))) {
                Files.copy(template.resolve(file), server.resolve(file));
            }
        }
        Files.writeString(server.resolve("bootstrap.properties"), "tidings.http.port=" + httpPort + "\n");
        if (!jvmOptions.isEmpty()) {
            Files.writeString(server.resolve("jvm.options"), String.join("\n", jvmOptions) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        Files.copy(Path.of("target", "tidings.war"), server.resolve("dropins").resolve("tidings.war"));
        return new LibertyServer(name, server);
    }

    /** Starts the server and waits for the start command to return. */
    public LibertyServer start() throws IOException, InterruptedException {
        Process start = command("start");
        assertTrue(start.waitFor(120, TimeUnit.SECONDS), "server start returned");
        assertEquals(0, start.exitValue(), "server start " + name);
        return this;
    }

    /** Runs {@code server stop} and returns the process, for a test that watches the stop. */
    public Process stop() throws IOException {
        return command("stop");
    }

    /** Stops it at once, whatever state it is in (a no-op when stopped). */
    public void forceStop() throws IOException, InterruptedException {
        command("stop", "--force").waitFor(60, TimeUnit.SECONDS);
    }

    public Path log() {
        return directory.resolve("logs").resolve("messages.log");
    }

    /** Runs {@code bin/server <command> <this server> [options]} with this JVM as Liberty's Java. */
    private Process command(String command, String... options) throws IOException {
        List<String> line = new ArrayList<>(List.of(WLP.resolve("bin").resolve("server").toString(), command, name));
        line.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }
}

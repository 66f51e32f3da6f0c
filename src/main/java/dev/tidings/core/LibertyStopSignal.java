package dev.tidings.core;

import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * OpenLiberty: tells whether the server is stopping, early enough to end subscriptions properly.
 *
 * <p>{@code server stop} first quiesces the server: it pauses the HTTP endpoint, waits up to 30 s for the
 * requests in flight (our SSE streams and WebSockets, which never finish by themselves), cuts them, and only
 * then stops the application, so {@code @PreDestroy} comes too late to write a last chunk or a close frame.
 * Liberty offers applications no "server stopping" event, but its kernel is an OSGi framework whose system
 * bundle (id 0) is {@code STOPPING} for the whole quiesce (Liberty's quiesce is started by that very bundle
 * event), and the kernel always registers the standard OSGi JMX {@code bundleState} MBean, which reports it.
 * {@code server pause} does not change it, only a stop does.
 */
final class LibertyStopSignal {
    private static final Logger LOG = Logger.getLogger(LibertyStopSignal.class.getName());
    /** Registered by every Liberty server (kernel feature). */
    static final String LIBERTY_SERVER_INFO = "WebSphere:feature=kernel,name=ServerInfo";
    /** The OSGi Enterprise JMX bundle state MBean (its name ends with the framework's uuid). */
    static final String BUNDLE_STATE = "osgi.core:type=bundleState,*";
    private static final Object[] SYSTEM_BUNDLE = {0L};
    private static final String[] LONG = {"long"};

    private final MBeanServer server;
    private final ObjectName bundleState;

    private LibertyStopSignal(MBeanServer server, ObjectName bundleState) {
        this.server = server;
        this.bundleState = bundleState;
    }

    /** The signal, when this MBean server is OpenLiberty's; empty on any other server. */
    static Optional<LibertyStopSignal> find(MBeanServer server) {
        try {
            if (!server.isRegistered(new ObjectName(LIBERTY_SERVER_INFO))) {
                return Optional.empty();
            }
            Set<ObjectName> names = server.queryNames(new ObjectName(BUNDLE_STATE), null);
            return names.stream().findFirst().map(name -> new LibertyStopSignal(server, name));
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "no OpenLiberty stop signal", e);
            return Optional.empty();
        }
    }

    /** Whether the server is stopping; false when that cannot be told (the MBean is already gone, say). */
    boolean stopping() {
        try {
            return "STOPPING".equals(server.invoke(bundleState, "getState", SYSTEM_BUNDLE, LONG));
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINEST, "OpenLiberty bundle state unavailable", e);
            return false;
        }
    }
}

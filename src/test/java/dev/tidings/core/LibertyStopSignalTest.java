package dev.tidings.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The OpenLiberty stop signal, against an MBean server that has (or lacks) Liberty's MBeans. */
class LibertyStopSignalTest {
    /** A private MBean server (newMBeanServer keeps no reference to it). */
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    /** The part of the OSGi JMX BundleStateMBean the signal reads. */
    public interface BundleStateMBean {
        String getState(long bundleId);
    }

    public static final class BundleState implements BundleStateMBean {
        volatile String systemBundle = "ACTIVE";

        @Override
        public String getState(long bundleId) {
            return bundleId == 0 ? systemBundle : "ACTIVE";
        }
    }

    public interface ServerInfoMBean {
        String getName();
    }

    public static final class ServerInfo implements ServerInfoMBean {
        @Override
        public String getName() {
            return "test";
        }
    }

    @Test
    void stoppingWhileTheSystemBundleIsStopping() throws Exception {
        BundleState state = libertyMBeans();

        LibertyStopSignal signal = LibertyStopSignal.find(server).orElseThrow();

        assertFalse(signal.stopping());
        state.systemBundle = "STOPPING";
        assertTrue(signal.stopping());
    }

    @Test
    void notStoppingOnceTheMBeanIsGone() throws Exception {
        libertyMBeans();
        LibertyStopSignal signal = LibertyStopSignal.find(server).orElseThrow();

        server.unregisterMBean(bundleStateName());

        assertFalse(signal.stopping());
    }

    @Test
    void noSignalOnAnotherServer() throws Exception {
        server.registerMBean(new BundleState(), bundleStateName());

        assertTrue(LibertyStopSignal.find(server).isEmpty(), "an OSGi framework alone is not Liberty");
    }

    @Test
    void noSignalWithoutTheBundleStateMBean() throws Exception {
        server.registerMBean(new ServerInfo(), new ObjectName(LibertyStopSignal.LIBERTY_SERVER_INFO));

        assertTrue(LibertyStopSignal.find(server).isEmpty());
    }

    private BundleState libertyMBeans() throws Exception {
        server.registerMBean(new ServerInfo(), new ObjectName(LibertyStopSignal.LIBERTY_SERVER_INFO));
        BundleState state = new BundleState();
        server.registerMBean(state, bundleStateName());
        return state;
    }

    private static ObjectName bundleStateName() throws Exception {
        return new ObjectName("osgi.core:type=bundleState,version=1.7,framework=org.eclipse.osgi,uuid=0f0f");
    }
}

package dev.tidings.it.support;

import dev.tidings.it.app.PublishingBean;
import dev.tidings.it.app.RecentStore;
import dev.tidings.it.app.RecorderResource;
import dev.tidings.it.app.TestResource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive every integration test deploys: the built tidings.war, the test app and its configuration. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive tidingsWithTestApp() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tidings.war"));
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(new File("src/test/resources/it-config.properties"), "META-INF/microprofile-config.properties");
        war.addClasses(PublishingBean.class, TestResource.class, RecentStore.class, RecorderResource.class);
        war.addAsWebResource(new File("src/test/resources/it-pages/stream.html"), "it-stream.html");
        return war;
    }

    /** The same, under another context root and TCP port, so it can run beside the first. */
    public static WebArchive tidingsWithTestApp(String contextRoot, int tcpPort) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, contextRoot + ".war").merge(tidingsWithTestApp());
        String config;
        try {
            config = Files.readString(Path.of("src/test/resources/it-config.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(new StringAsset(config.replaceAll("(?m)^tidings\\.tcp\\.port=.*$", "tidings.tcp.port=" + tcpPort)),
                "META-INF/microprofile-config.properties");
        war.delete("/WEB-INF/glassfish-web.xml");
        war.delete("/WEB-INF/ibm-web-ext.xml");
        war.addAsWebInfResource(new StringAsset("<glassfish-web-app><context-root>/" + contextRoot + "</context-root></glassfish-web-app>"),
                "glassfish-web.xml");
        war.addAsWebInfResource(new StringAsset("<web-ext xmlns=\"http://websphere.ibm.com/xml/ns/javaee\" version=\"1.1\">"
                + "<context-root uri=\"/" + contextRoot + "\"/></web-ext>"), "ibm-web-ext.xml");
        return war;
    }
}

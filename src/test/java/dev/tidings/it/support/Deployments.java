package dev.tidings.it.support;

import dev.tidings.it.app.PublishingBean;
import dev.tidings.it.app.RecentStore;
import dev.tidings.it.app.RecorderResource;
import dev.tidings.it.app.TestResource;
import java.io.File;
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
        return war;
    }
}

package dev.tidings.transport.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under {@code /api}. Application resources in the same WAR join it. */
@ApplicationPath("/api")
public class TidingsApplication extends Application {
}

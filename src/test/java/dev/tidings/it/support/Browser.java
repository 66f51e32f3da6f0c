package dev.tidings.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages, which
 * {@code .ci/run} installs), driven by Selenium. Where they are missing the browser tests are skipped, saying
 * so, unless {@code TIDINGS_BROWSER_REQUIRED=true} in the environment ({@code .ci/run} sets it) or
 * {@code -Dtidings.browser.required=true} makes that a failure.
 */
public final class Browser {
    private static final String CHROMIUM = System.getProperty("tidings.chromium", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("tidings.chromedriver", "/usr/bin/chromedriver");

    private Browser() {
    }

    /** Skips the calling test when Chromium is not installed (or fails it, when the browser is required). */
    public static void assumeInstalled() {
        boolean installed = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
        if (!installed) {
            String message = "Chromium not installed (" + CHROMIUM + ", " + DRIVER + "): browser test SKIPPED; "
                    + "install with apt-get install chromium chromium-driver (.ci/run does)";
            System.err.println("[tidings] " + message);
            if (Boolean.getBoolean("tidings.browser.required") || "true".equals(System.getenv("TIDINGS_BROWSER_REQUIRED"))) {
                throw new AssertionError(message);
            }
            assumeTrue(false, message);
        }
    }

    /** A new browser with a fresh profile; quit it when done. */
    public static ChromeDriver open() throws Exception {
        Path profile = Files.createTempDirectory("tidings-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }
}

package dev.tidings.api;

import java.util.List;

/** Invalid Tidings configuration; thrown at startup, so deployment fails with every problem listed. */
public class ConfigurationException extends TidingsException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(ErrorCode.INVALID_CONFIG, "invalid Tidings configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming the key and the allowed values. */
    public List<String> problems() {
        return problems;
    }
}

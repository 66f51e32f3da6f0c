package dev.tidings.core;

import dev.tidings.api.Channel;
import dev.tidings.api.ConfigurationException;
import dev.tidings.api.Publisher;
import dev.tidings.config.ConfigParser;
import dev.tidings.config.TidingsConfig;
import dev.tidings.spi.Store;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Validates Tidings at deployment: parses and checks the configuration against the available stores, and
 * checks that every {@code @Channel} injection point names a declared channel. Any problem fails the
 * deployment with a message naming the key (or the injection point) and what is allowed.
 */
public class TidingsExtension implements Extension {
    /** Channel name → where it is injected, for error messages. */
    private final Map<String, List<String>> injected = new TreeMap<>();
    private final List<String> injectionProblems = new ArrayList<>();
    /** Store beans seen during discovery (an extension's BeanManager may not see the WAR's beans by lookup). */
    private final List<Bean<?>> storeBeans = new ArrayList<>();
    private volatile TidingsConfig config;

    void collect(@Observes ProcessInjectionPoint<?, Publisher> event) {
        InjectionPoint ip = event.getInjectionPoint();
        String where = String.valueOf(ip.getMember().getDeclaringClass().getName()) + "." + ip.getMember().getName();
        try {
            injected.computeIfAbsent(channelName(ip), k -> new ArrayList<>()).add(where);
        } catch (IllegalArgumentException e) {
            injectionProblems.add(where + ": " + e.getMessage());
        }
    }

    void storeBean(@Observes ProcessBean<?> event) {
        if (event.getBean().getTypes().contains(Store.class)) {
            storeBeans.add(event.getBean());
        }
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        try {
            Set<String> storeNames = storeNames(beanManager, storeBeans);
            Config mp = ConfigProvider.getConfig(TidingsExtension.class.getClassLoader());
            Set<String> names = new HashSet<>();
            mp.getPropertyNames().forEach(names::add);
            TidingsConfig parsed = new ConfigParser(names, k -> mp.getOptionalValue(k, String.class), storeNames).parse();
            List<String> problems = new ArrayList<>(injectionProblems);
            injected.forEach((channel, places) -> {
                if (parsed.channel(channel).isEmpty()) {
                    problems.add("@Channel(\"" + channel + "\") injected into " + places
                            + " is not declared: add tidings.channels." + channel + ".store=latest|queue|history to microprofile-config.properties");
                }
            });
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            config = parsed;
        } catch (ConfigurationException e) {
            event.addDeploymentProblem(e);
        }
    }

    /** The configuration validated at deployment. */
    public TidingsConfig config() {
        if (config == null) {
            throw new IllegalStateException("Tidings configuration was not validated; see the deployment errors");
        }
        return config;
    }

    /** The channel an injection point asks for: the qualifier's value, else the field name. */
    static String channelName(InjectionPoint ip) {
        String name = ip.getQualifiers().stream()
                .filter(Channel.class::isInstance).map(Channel.class::cast)
                .map(Channel::value).findFirst().orElse("");
        if (!name.isEmpty()) {
            return name;
        }
        if (ip.getMember() instanceof Field field) {
            return field.getName();
        }
        throw new IllegalArgumentException("name the channel: @Channel(\"name\") Publisher (only fields default to their name)");
    }

    private static Set<String> storeNames(BeanManager beanManager, List<Bean<?>> beans) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Bean<?> bean : beans) {
            Store store = (Store) beanManager.getReference(bean, Store.class, beanManager.createCreationalContext(bean));
            String name = store.name();
            if (name == null || !name.matches("[a-z0-9-]+")) {
                problems.add("store bean " + bean.getBeanClass().getName() + " has invalid name '" + name + "'; store names match [a-z0-9-]+");
            } else if (!names.add(name)) {
                problems.add("two store beans are named '" + name + "'; store names must be unique");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return names;
    }
}

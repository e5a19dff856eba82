package io.tweestap.e2e.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields a Fabric8 or Strimzi model object read but does not know. Both models keep such fields
 * in an {@code additionalProperties} map instead of refusing them (so that a newer server's fields
 * survive a round trip), which makes Jackson's FAIL_ON_UNKNOWN_PROPERTIES useless here: this walks
 * the object tree and reports every non-empty one, with its path.
 */
final class UnknownFields {

    private final List<String> found = new ArrayList<>();
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private UnknownFields() {
    }

    static List<String> in(Object model, String path) {
        UnknownFields walk = new UnknownFields();
        walk.visit(model, path);
        return walk.found;
    }

    private void visit(Object value, String path) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> visit(item, path + "." + key));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                visit(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // a derived getter that needs more than the model holds: nothing read there
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    found.add(path + ": unknown field(s) " + unknown.keySet());
                }
            } else if (property != null && (isModel(property.getClass()) || property instanceof Collection<?>
                    || property instanceof Map<?, ?>)) {
                visit(property, path + "." + propertyName(getter.getName()));
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.strimzi.api");
    }

    private static String propertyName(String getter) {
        String name = getter.substring(3);
        return name.isEmpty() ? name : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
}

package org.langevin.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One family's members by name: each factory with its {@link Descriptor}, and the family's configuration fragment
 * (the keys all members share). A module registers its members; the application picks one by the selector key.
 *
 * @param key the selector key ({@code sampler.type})
 * @param fragment the resource with the family's shared keys, beside {@code owner}
 * @param owner the class whose package holds the fragments
 */
public record Registry<F>(String key, String fragment, Class<?> owner, Map<String, Member<F>> members) {

    /** A factory and what it declares. */
    public record Member<F>(Descriptor descriptor, F factory) {}

    public Registry(String key, String fragment, Class<?> owner) {
        this(key, fragment, owner, new LinkedHashMap<>());
    }

    /** Adds a member: one line per member in its module. */
    public Registry<F> add(Descriptor descriptor, F factory) {
        if (members.putIfAbsent(descriptor.name(), new Member<>(descriptor, factory)) != null) {
            throw new IllegalStateException(key + ": '" + descriptor.name() + "' registered twice");
        }
        return this;
    }

    public Registry<F> addAll(List<Member<F>> more) {
        more.forEach(m -> add(m.descriptor(), m.factory()));
        return this;
    }

    public Map<String, Member<F>> all() {
        return Collections.unmodifiableMap(members);
    }

    /** The member the settings select; an unknown name lists the valid ones. */
    public Member<F> pick(Settings settings) {
        return members.get(settings.choice(key, members.keySet()));
    }

    /** The names of the members that offer {@code need}, sorted: the valid choices a refusal lists. */
    public List<String> offering(Descriptor.Need need) {
        return members.values().stream().filter(m -> m.descriptor().offers(need)).map(m -> m.descriptor().name()).sorted().toList();
    }

    /** The members that offer {@code need} as a refusal names them: "score.type mlp", or "data.type one of [digits, idx]". */
    public String choicesOffering(Descriptor.Need need) {
        List<String> names = offering(need);
        return names.size() == 1 ? key + " " + names.get(0) : key + " one of " + names;
    }

    /** The names of the members that do not need {@code need}, sorted. */
    public List<String> notNeeding(Descriptor.Need need) {
        return members.values().stream().filter(m -> !m.descriptor().has(need)).map(m -> m.descriptor().name()).sorted().toList();
    }

    public Descriptor descriptor(String name) {
        return members.get(name).descriptor();
    }
}

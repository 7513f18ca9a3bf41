package org.langevin.experiment.assembly;

import java.util.LinkedHashMap;
import java.util.Map;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Descriptor;
import org.langevin.core.Registry;
import org.langevin.core.Settings;
import org.langevin.experiment.config.Catalogue;

/**
 * What the chosen members need of another family's member (a data set's images, labels or closed-form law; free
 * diffusion of the SDE), checked against what that member gives before anything loads; a refusal lists the members that
 * give it, from their registry, so that no member is named by hand.
 */
public final class MemberNeeds {
    /** The family whose chosen member must give each need, by its selector key. */
    private static final Map<Need, String> GIVER = Map.of(Need.PIXEL_GRID, "data.type", Need.LABELS, "data.type",
            Need.MIXTURE_LAW, "data.type", Need.FREE_DIFFUSION, "sde.type");

    private MemberNeeds() {}

    /** Each family's chosen member against the members it needs something of (no lineage experiment: lineage.type is empty). */
    static void check(Settings s) {
        Map<String, Descriptor> chosen = new LinkedHashMap<>();
        for (Registry<?> family : Catalogue.all()) {
            if (!family.key().equals("lineage.type") || !s.string("lineage.type").isEmpty()) chosen.put(family.key(), family.pick(s).descriptor());
        }
        chosen.forEach((key, member) -> {
            for (Need need : member.needs()) {
                String giverKey = GIVER.get(need);
                if (giverKey != null && !chosen.get(giverKey).offers(need)) {
                    throw new ConfigException(key, "'" + member.name() + "' needs " + refusal(need, chosen.get(giverKey)));
                }
            }
        });
        Descriptor data = chosen.get("data.type");
        if (s.flag("score.conditional") && !data.offers(Need.LABELS)) throw new ConfigException("score.conditional", "needs "
                + refusal(Need.LABELS, data));
    }

    /** What a need asks for, the members that give it, and the one configured. */
    private static String refusal(Need need, Descriptor configured) {
        return what(need) + ": " + choices(need) + ", got '" + configured.name() + "'";
    }

    /** The members that give {@code need}, as a refusal lists them: "data.type one of [...]". */
    public static String choices(Need need) {
        String key = GIVER.get(need);
        return Catalogue.all().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().choicesOffering(need);
    }

    private static String what(Need need) {
        return switch (need) {
            case PIXEL_GRID -> "images or clips";
            case LABELS -> "labelled data";
            case MIXTURE_LAW -> "a data law with a closed-form density and score";
            case FREE_DIFFUSION -> "free diffusion";
            default -> throw new IllegalArgumentException(need + " is not given by another family's member");
        };
    }
}

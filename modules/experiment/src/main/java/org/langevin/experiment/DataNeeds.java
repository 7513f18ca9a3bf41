package org.langevin.experiment;

import java.util.List;
import java.util.Map;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Settings;

/**
 * What the chosen members need of the data set (images or clips, labels, a closed-form law), checked against what
 * {@code data.type}'s member gives before anything loads; a refusal lists the data sets that give it, from the registry.
 */
final class DataNeeds {
    private static final List<Need> OF_DATA = List.of(Need.PIXEL_GRID, Need.LABELS, Need.MIXTURE_LAW);

    private DataNeeds() {}

    /** @param chosen each family's selector key and the descriptor of the member it picked */
    static void check(Settings s, Descriptor data, Map<String, Descriptor> chosen) {
        chosen.forEach((key, member) -> {
            for (Need need : OF_DATA) {
                if (member.has(need) && !data.offers(need)) throw new ConfigException(key, "'" + member.name() + "' needs " + refusal(need, data));
            }
        });
        if (s.flag("score.conditional") && !data.offers(Need.LABELS)) throw new ConfigException("score.conditional", "needs "
                + refusal(Need.LABELS, data));
    }

    /** What a need asks for, the data sets that give it, and the one configured. */
    static String refusal(Need need, Descriptor data) {
        return what(need) + ": data.type one of " + Catalogue.data().offering(need) + ", got '" + data.name() + "'";
    }

    /** The data sets that give {@code need}, as a refusal lists them. */
    static String choices(Need need) {
        return "data.type one of " + Catalogue.data().offering(need);
    }

    private static String what(Need need) {
        return switch (need) {
            case PIXEL_GRID -> "images or clips";
            case LABELS -> "labelled data";
            case MIXTURE_LAW -> "a data law with a closed-form density and score";
            default -> throw new IllegalArgumentException(need + " is not a need of the data");
        };
    }
}

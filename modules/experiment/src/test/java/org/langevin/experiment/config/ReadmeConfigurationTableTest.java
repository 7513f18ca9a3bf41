package org.langevin.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.langevin.experiment.TestHome;

/**
 * The README's configuration table restates the defaults of defaults.yaml and every family's fragments: every key is
 * in it, and every default it gives in code font is the one the configuration resolves to.
 */
class ReadmeConfigurationTableTest {
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Key → the default the README gives in code font, from the rows of the table under "## Configuration reference". */
    private static Map<String, String> table() throws Exception {
        String readme = Files.readString(TestHome.path().resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration reference"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("(?<!\\\\)\\|");
            List<String> keys = codes(cells[1]);
            List<String> defaults = codes(cells[2]);
            for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), keys.size() == defaults.size() ? defaults.get(i) : null);
        }
        return out;
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The value as the README writes it: numbers by value, lists without spaces, empty text as "". */
    private static String normal(Object value) {
        if (value == null) return "null";
        String text = String.valueOf(value).replace(" ", "");
        if (text.isEmpty() || text.equals("\"\"")) return "\"\"";
        Matcher number = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(text); // 0 and 0.0 alike, in lists too
        StringBuilder out = new StringBuilder();
        while (number.find()) number.appendReplacement(out, String.valueOf(Double.parseDouble(number.group())));
        return number.appendTail(out).toString();
    }

    @Test
    void everyKeyIsInTheTableWithTheDefaultItResolvesTo() throws Exception {
        Map<String, String> table = table();
        Map<String, Object> defaults = ExperimentConfig.defaults();
        assertThat(table.keySet()).as("keys the README's table lists").containsAll(defaults.keySet());
        List<String> wrong = new ArrayList<>();
        table.forEach((key, shown) -> {
            if (shown == null || !defaults.containsKey(key)) return; // a row whose defaults are words, or a key of another table
            if (!normal(shown).equals(normal(defaults.get(key)))) wrong.add(key + ": README `" + shown + "`, configuration " + defaults.get(key));
        });
        assertThat(wrong).as("defaults the README gives otherwise than the configuration").isEmpty();
    }
}

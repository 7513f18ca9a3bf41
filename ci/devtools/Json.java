/** The two bits of JSON the protocol needs here: a string literal, and the string value in an evaluation's reply. */
final class Json {
    private Json() {}

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** The first {@code "value":"..."} of a reply, unescaped; the whole reply when it has none. */
    static String stringValue(String reply) {
        int at = reply.indexOf("\"value\":\"");
        if (at < 0) return reply;
        StringBuilder b = new StringBuilder();
        for (int i = at + 9; i < reply.length() && reply.charAt(i) != '"'; i++) {
            char c = reply.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = reply.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e); // \" \\ \/
            }
        }
        return b.toString();
    }
}

package chat.groups.api;

/** Text a client sent, made safe to echo in a message or a log line: control characters escaped, length capped. */
public final class ClientText {

    private static final int MAX = 60;

    private ClientText() {
    }

    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX).forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return text.codePointCount(0, text.length()) > MAX ? out + "..." : out.toString();
    }
}

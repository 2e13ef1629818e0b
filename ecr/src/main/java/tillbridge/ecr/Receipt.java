package tillbridge.ecr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A printout the terminal sent to this ECR's printer (D2, D6..., D3): its title, its lines with
 * their print attributes, and whether the paper is to be cut after it.
 *
 * @param title the D2 title, may be empty
 */
public record Receipt(String title, List<Line> lines, boolean cut) {
    /** Characters per line of the normal font, as this ECR reports in D5 ({@code printer_cpl}). */
    public static final int WIDTH = 40;

    /**
     * One printed line.
     *
     * @param attributes any of {@code W} double width, {@code H} double height, {@code I} inverse,
     *     {@code B} bold, {@code C} centred (docs/protocol.md, D6)
     */
    public record Line(String text, String attributes) {
        public Line {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(attributes, "attributes");
        }

        public boolean doubleWidth() {
            return attributes.indexOf('W') >= 0;
        }

        public boolean doubleHeight() {
            return attributes.indexOf('H') >= 0;
        }

        public boolean inverse() {
            return attributes.indexOf('I') >= 0;
        }

        public boolean bold() {
            return attributes.indexOf('B') >= 0;
        }

        public boolean centred() {
            return attributes.indexOf('C') >= 0;
        }
    }

    public Receipt {
        Objects.requireNonNull(title, "title");
        lines = List.copyOf(lines);
    }

    /**
     * The receipt as plain text for a printer of {@code width} characters: centred lines are
     * centred, double-width lines have a space after each character. Other attributes do not show.
     */
    public List<String> text(int width) {
        List<String> out = new ArrayList<>(lines.size());
        for (Line l : lines) {
            String t = l.text();
            if (l.doubleWidth()) {
                StringBuilder sb = new StringBuilder(t.length() * 2);
                for (int i = 0; i < t.length(); i++) sb.append(t.charAt(i)).append(i + 1 < t.length() ? " " : "");
                t = sb.toString();
            }
            if (l.centred() && t.length() < width) t = " ".repeat((width - t.length()) / 2) + t;
            out.add(t.stripTrailing());
        }
        return out;
    }
}

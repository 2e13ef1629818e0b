package tillbridge.agent.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code printers} list of agent.json:
 *
 * <pre>{@code
 * "printers": [
 *   {"name": "tickets", "uri": "ipp://printer.local:631/ipp/print"},
 *   {"name": "bar",     "uri": "socket://192.168.1.50:9100", "paper_dots": 384, "logo": "/etc/tillbridge/logo.png"}
 * ]
 * }</pre>
 *
 * @param name      {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, unique
 * @param paperDots printable width of an ESC/POS printer in dots, for PDFs rasterised to it
 *                  (576 = 80 mm paper at 203 dpi, 384 = 58 mm); unused by IPP printers
 * @param caFile    an ipps:// printer's trust: a PEM file of the CA certificates that may issue its
 *                  certificate, or of its own certificate (pinned); empty = the JVM's trust store
 * @param logo      a receipt printer's logo (PNG, GIF, BMP or JPEG, at most 1 MiB), printed above each
 *                  text receipt, scaled down to {@code paperDots} when wider
 */
public record PrinterConfig(String name, PrinterAddress address, int paperDots, Optional<Path> caFile, Optional<Path> logo) {
    public static final int PAPER_DOTS_DEFAULT = 576;
    private static final Set<String> KEYS = Set.of("name", "uri", "paper_dots", "ca_file", "logo");

    public PrinterConfig {
        caFile = caFile == null ? Optional.empty() : caFile;
        logo = logo == null ? Optional.empty() : logo;
    }

    public PrinterConfig(String name, PrinterAddress address, int paperDots) {
        this(name, address, paperDots, Optional.empty(), Optional.empty());
    }

    /** The list breaks one or more rules; each problem names its key. */
    public static final class Invalid extends Exception {
        private final List<String> problems;

        public Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Validates the {@code printers} array (null or missing = no printers). */
    public static List<PrinterConfig> parse(JsonNode printers) throws Invalid {
        if (printers == null || printers.isNull() || printers.isMissingNode()) return List.of();
        if (!printers.isArray()) throw new Invalid(List.of("printers: must be an array of objects {\"name\", \"uri\"}"));
        List<String> problems = new ArrayList<>();
        List<PrinterConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < printers.size(); i++) {
            String at = "printers[" + i + "]";
            JsonNode p = printers.get(i);
            if (!p.isObject()) {
                problems.add(at + ": must be an object {\"name\", \"uri\"}");
                continue;
            }
            int before = problems.size();
            for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!KEYS.contains(k)) problems.add(at + "." + k + ": unknown key (allowed: ca_file, logo, name, paper_dots, uri)");
            }
            String name = p.path("name").asText("");
            if (!p.path("name").isTextual() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                problems.add(at + ".name: required, 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, was " + p.get("name"));
            } else if (!names.add(name)) {
                problems.add(at + ".name: '" + name + "' is used by an earlier printer; names must be unique");
            }
            PrinterAddress address = null;
            if (!p.path("uri").isTextual()) problems.add(at + ".uri: required, such as ipp://HOST/ipp/print or socket://HOST:9100");
            else {
                try {
                    address = PrinterAddress.parse(p.get("uri").asText());
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".uri: " + e.getMessage());
                }
            }
            int dots = PAPER_DOTS_DEFAULT;
            JsonNode d = p.get("paper_dots");
            if (d != null) {
                if (!d.isInt() || d.asInt() < 8 || d.asInt() > 4096 || d.asInt() % 8 != 0) {
                    problems.add(at + ".paper_dots: must be a multiple of 8 in 8..4096 (576 for 80 mm, 384 for 58 mm), was " + d);
                } else dots = d.asInt();
            }
            Optional<Path> caFile = Optional.empty();
            JsonNode ca = p.get("ca_file");
            if (ca != null) {
                if (!(address instanceof PrinterAddress.Ipp ipp) || !ipp.printerUri().getScheme().equals("ipps")) {
                    problems.add(at + ".ca_file: only an ipps:// printer has a certificate to check");
                } else if (!ca.isTextual() || !ca.asText().startsWith("/")) {
                    problems.add(at + ".ca_file: must be the absolute path of a PEM file of CA certificates or of the printer's own, was " + ca);
                } else {
                    try {
                        PrinterTrust.read(Path.of(ca.asText()));
                        caFile = Optional.of(Path.of(ca.asText()));
                    } catch (IllegalArgumentException e) {
                        problems.add(at + ".ca_file: " + e.getMessage());
                    }
                }
            }
            Optional<Path> logo = Optional.empty();
            JsonNode l = p.get("logo");
            if (l != null) {
                if (address instanceof PrinterAddress.Ipp) {
                    problems.add(at + ".logo: only a receipt printer (socket://, file:) prints a logo above text receipts");
                } else if (!l.isTextual() || !l.asText().startsWith("/")) {
                    problems.add(at + ".logo: must be the absolute path of a PNG, GIF, BMP or JPEG image, was " + l);
                } else {
                    try {
                        EscPos.logo(Path.of(l.asText()), dots);
                        logo = Optional.of(Path.of(l.asText()));
                    } catch (IllegalArgumentException e) {
                        problems.add(at + ".logo: " + e.getMessage());
                    }
                }
            }
            if (problems.size() == before) out.add(new PrinterConfig(name, address, dots, caFile, logo));
        }
        if (!problems.isEmpty()) throw new Invalid(problems);
        return List.copyOf(out);
    }
}

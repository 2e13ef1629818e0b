package tillbridge.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tillbridge.agent.internal.PrivateFiles;
import tillbridge.agent.print.PrinterConfig;

/**
 * The agent's one human-editable file, {@code agent.json} in the config directory:
 *
 * <pre>{@code
 * {
 *   "hub": "https://hub.example.com",
 *   "trust_store": "/etc/tillbridge/hub-ca.pem",
 *   "proxy": "http://proxy.example.com:3128",
 *   "ping_seconds": 120,
 *   "start_deadline_seconds": 120,
 *   "recovery_deadline_seconds": 86400,
 *   "terminals": [{"name": "T1", "frob": "127.0.0.1:5002", "ecr_id": "KASA-01", "receipt_printer": "bar"}],
 *   "printers": [{"name": "tickets", "uri": "ipp://printer.local/ipp/print"}, {"name": "bar", "uri": "socket://192.168.1.50"}]
 * }
 * }</pre>
 *
 * Every problem is reported with the key and the rule ({@link Invalid}); unknown keys are refused.
 *
 * @param hub        base URL of the hub: https, or http only to a loopback host
 * @param trustStore PEM certificates or a PKCS#12 trust store for a hub with its own CA (optional)
 * @param ping       ping period the agent asks of the hub (5..300 s, default 120)
 * @param terminals  payment terminals, reached through frob over TCP
 * @param printers   printers for print jobs ({@link PrinterConfig})
 * @param startDeadline    how long after its acceptance a payment whose S1 could not be sent is
 *     tried again (default 120 s)
 * @param recoveryDeadline how long the terminal is asked about a payment whose outcome is
 *     unknown (default 86400 s)
 * @param proxy      how the hub is reached: the environment's proxy (default), {@code direct}, or a
 *     proxy URL ({@link ProxySetting})
 * @param uiListen   where the status page is served ({@code ui_listen}, default 127.0.0.1:8765); empty: {@code "off"}
 */
public record AgentConfig(URI hub, Optional<Path> trustStore, Duration ping, List<TerminalSpec> terminals,
                          List<PrinterConfig> printers, Duration startDeadline, Duration recoveryDeadline, ProxySetting proxy,
                          Optional<InetSocketAddress> uiListen) {
    public static final String FILE = "agent.json";
    public static final int PING_DEFAULT = 120;
    public static final int PING_MIN = 5;
    public static final int PING_MAX = 300;
    public static final Duration START_DEADLINE_DEFAULT = Duration.ofSeconds(120);
    public static final Duration RECOVERY_DEADLINE_DEFAULT = Duration.ofDays(1);
    public static final InetSocketAddress UI_LISTEN_DEFAULT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8765);
    private static final Set<String> KEYS = Set.of("hub", "trust_store", "ping_seconds", "terminals", "printers",
            "start_deadline_seconds", "recovery_deadline_seconds", "proxy", "ui_listen");
    private static final Set<String> TERMINAL_KEYS = Set.of("name", "frob", "ecr_id", "receipt_printer");
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * One terminal: frob (under a superserver, or any ECR-EFT terminal) at {@code host:port}.
     *
     * @param ecrId the ECR id sent in every S1 (1-20 printable ASCII, default TILLBRIDGE)
     * @param receiptPrinter the printer (of {@code printers}) that gets the receipts the terminal
     *     prints on the ECR's printer during a payment; without one they are refused ("no printer")
     */
    public record TerminalSpec(String name, String host, int port, String ecrId, Optional<String> receiptPrinter) {
        /** A terminal whose printouts are refused ("no printer"). */
        public TerminalSpec(String name, String host, int port, String ecrId) {
            this(name, host, port, ecrId, Optional.empty());
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /** The file breaks one or more rules; the message lists each one with its key. */
    public static final class Invalid extends Exception {
        private final List<String> problems;

        public Invalid(Path file, List<String> problems) {
            super(file + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public AgentConfig {
        trustStore = trustStore == null ? Optional.empty() : trustStore;
        terminals = List.copyOf(terminals);
        printers = List.copyOf(printers);
        proxy = proxy == null ? new ProxySetting.FromEnvironment() : proxy;
        uiListen = uiListen == null ? Optional.of(UI_LISTEN_DEFAULT) : uiListen;
    }

    /** With the status page on its default address. */
    public AgentConfig(URI hub, Optional<Path> trustStore, Duration ping, List<TerminalSpec> terminals, List<PrinterConfig> printers,
                       Duration startDeadline, Duration recoveryDeadline, ProxySetting proxy) {
        this(hub, trustStore, ping, terminals, printers, startDeadline, recoveryDeadline, proxy, Optional.of(UI_LISTEN_DEFAULT));
    }

    /** Following the environment's proxy. */
    public AgentConfig(URI hub, Optional<Path> trustStore, Duration ping, List<TerminalSpec> terminals, List<PrinterConfig> printers,
                       Duration startDeadline, Duration recoveryDeadline) {
        this(hub, trustStore, ping, terminals, printers, startDeadline, recoveryDeadline, new ProxySetting.FromEnvironment());
    }

    /** With the default start and recovery deadlines. */
    public AgentConfig(URI hub, Optional<Path> trustStore, Duration ping, List<TerminalSpec> terminals, List<PrinterConfig> printers) {
        this(hub, trustStore, ping, terminals, printers, START_DEADLINE_DEFAULT, RECOVERY_DEADLINE_DEFAULT);
    }

    public Optional<TerminalSpec> terminal(String name) {
        return terminals.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<PrinterConfig> printer(String name) {
        return printers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static Path file(Path configDir) {
        return configDir.resolve(FILE);
    }

    /** Reads and validates {@code agent.json}; a missing file is an {@link Invalid} saying how to make one. */
    public static AgentConfig load(Path configDir) throws Invalid, IOException {
        Path f = file(configDir);
        if (!Files.exists(f)) {
            throw new Invalid(f, List.of("file not found; run 'agent register --hub URL --code CODE' or write it (docs/agent.md)"));
        }
        return parse(f, Files.readString(f));
    }

    /** Validates the text of {@code agent.json}; {@code file} only names it in messages. */
    public static AgentConfig parse(Path file, String text) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Invalid(file, List.of("not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) throw new Invalid(file, List.of("must be one JSON object"));
        List<String> problems = new ArrayList<>();
        unknownKeys(root, KEYS, "", problems);

        URI hub = null;
        JsonNode h = root.get("hub");
        if (h == null) problems.add("hub: required, the hub's base URL (https://…)");
        else if (!h.isTextual()) problems.add("hub: must be a string URL, was " + h.getNodeType().name().toLowerCase(Locale.ROOT));
        else {
            try {
                hub = hubUri(h.asText());
            } catch (IllegalArgumentException e) {
                problems.add("hub: " + e.getMessage());
            }
        }

        Optional<Path> trust = Optional.empty();
        JsonNode ts = root.get("trust_store");
        if (ts != null && !ts.isNull()) {
            if (!ts.isTextual() || ts.asText().isBlank()) problems.add("trust_store: must be a file path (PEM certificates or PKCS#12)");
            else if (!Files.isReadable(Path.of(ts.asText()))) problems.add("trust_store: '" + ts.asText() + "' is not a readable file");
            else trust = Optional.of(Path.of(ts.asText()));
        }

        ProxySetting proxy = new ProxySetting.FromEnvironment();
        JsonNode px = root.get("proxy");
        if (px != null && !px.isNull()) {
            if (!px.isTextual()) problems.add("proxy: must be \"direct\" or a proxy URL http://[user:password@]host:port");
            else {
                try {
                    proxy = ProxySetting.parse(px.asText());
                } catch (IllegalArgumentException e) {
                    problems.add("proxy: " + e.getMessage());
                }
            }
        }

        int ping = PING_DEFAULT;
        JsonNode p = root.get("ping_seconds");
        if (p != null) {
            if (!p.isInt() || p.asInt() < PING_MIN || p.asInt() > PING_MAX) {
                problems.add("ping_seconds: needs a whole number " + PING_MIN + ".." + PING_MAX + ", was '" + shown(p) + "'");
            } else ping = p.asInt();
        }
        Duration start = seconds(root, "start_deadline_seconds", START_DEADLINE_DEFAULT, problems);
        Duration recovery = seconds(root, "recovery_deadline_seconds", RECOVERY_DEADLINE_DEFAULT, problems);

        List<TerminalSpec> terminals = new ArrayList<>();
        JsonNode ta = root.get("terminals");
        if (ta != null && !ta.isArray()) problems.add("terminals: must be an array of objects");
        else if (ta != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ta.size(); i++) {
                terminal(ta.get(i), "terminals[" + i + "]", names, problems).ifPresent(terminals::add);
            }
        }

        List<PrinterConfig> printers = List.of();
        try {
            printers = PrinterConfig.parse(root.get("printers"));
        } catch (PrinterConfig.Invalid e) {
            problems.addAll(e.problems());
        }
        for (int i = 0; i < terminals.size(); i++) {
            Optional<String> rp = terminals.get(i).receiptPrinter();
            if (rp.isPresent() && printers.stream().noneMatch(x -> x.name().equals(rp.get()))) {
                problems.add("terminals[" + i + "].receipt_printer: no printer named '" + rp.get() + "' in printers (have: "
                        + String.join(", ", printers.stream().map(PrinterConfig::name).toList()) + ")");
            }
        }
        Optional<InetSocketAddress> ui = uiListen(root, problems);
        if (!problems.isEmpty()) throw new Invalid(file, problems);
        return new AgentConfig(hub, trust, Duration.ofSeconds(ping), terminals, printers, start, recovery, proxy, ui);
    }

    /**
     * Only {@code ui_listen} of {@code agent.json} (the default when the file is missing): what an
     * agent not registered yet needs to offer registration on its status page.
     */
    public static Optional<InetSocketAddress> uiListen(Path configDir) throws Invalid, IOException {
        Path f = file(configDir);
        if (!Files.exists(f)) return Optional.of(UI_LISTEN_DEFAULT);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(f));
        } catch (JsonProcessingException e) {
            throw new Invalid(f, List.of("not valid JSON: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        Optional<InetSocketAddress> ui = root == null || !root.isObject() ? Optional.of(UI_LISTEN_DEFAULT) : uiListen(root, problems);
        if (!problems.isEmpty()) throw new Invalid(f, problems);
        return ui;
    }

    private static Optional<InetSocketAddress> uiListen(JsonNode root, List<String> problems) {
        JsonNode n = root.get("ui_listen");
        if (n == null || n.isNull()) return Optional.of(UI_LISTEN_DEFAULT);
        String rule = "ui_listen: \"off\", or HOST:PORT to serve the status page on (port 1..65535), was " + n;
        if (!n.isTextual()) {
            problems.add(rule);
            return Optional.empty();
        }
        String v = n.asText().strip();
        if (v.equals("off")) return Optional.empty();
        int colon = v.lastIndexOf(':');
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            String host = v.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            if (host.isBlank() || port < 1 || port > 65535) throw new NumberFormatException();
            InetSocketAddress a = new InetSocketAddress(host, port);
            if (a.isUnresolved()) {
                problems.add("ui_listen: unknown host '" + host + "'");
                return Optional.empty();
            }
            return Optional.of(a);
        } catch (NumberFormatException e) {
            problems.add(rule);
            return Optional.empty();
        }
    }

    /** An optional number of seconds: a positive whole number. */
    private static Duration seconds(JsonNode root, String key, Duration dflt, List<String> problems) {
        JsonNode n = root.get(key);
        if (n == null) return dflt;
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1) {
            problems.add(key + ": needs a positive whole number, was '" + shown(n) + "'");
            return dflt;
        }
        return Duration.ofSeconds(n.asLong());
    }

    /** A value as the person wrote it, without JSON quotes around a string. */
    private static String shown(JsonNode n) {
        return n.isTextual() ? n.asText() : n.toString();
    }

    private static Optional<TerminalSpec> terminal(JsonNode t, String at, Set<String> names, List<String> problems) {
        if (!t.isObject()) {
            problems.add(at + ": must be an object {\"name\", \"frob\", \"ecr_id\"}");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(t, TERMINAL_KEYS, at + ".", problems);
        String name = t.path("name").asText("");
        if (!t.path("name").isTextual() || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            problems.add(at + ".name: required, 1-32 characters of A-Z a-z 0-9 _ . -, was " + t.get("name"));
        } else if (!names.add(name)) {
            problems.add(at + ".name: '" + name + "' is used by an earlier terminal; names must be unique");
        }
        String host = null;
        int port = 0;
        JsonNode f = t.get("frob");
        String fs = f != null && f.isTextual() ? f.asText() : null;
        int colon = fs == null ? -1 : fs.lastIndexOf(':');
        if (colon > 0) {
            host = fs.substring(0, colon).replace("[", "").replace("]", "");
            try {
                port = Integer.parseInt(fs.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
        }
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            problems.add(at + ".frob: required, HOST:PORT of frob (or the terminal) with a port 1..65535, was " + f);
        }
        String ecrId = "TILLBRIDGE";
        JsonNode e = t.get("ecr_id");
        if (e != null) {
            if (!e.isTextual() || !e.asText().matches("[\\x20-\\x7E]{1,20}")) {
                problems.add(at + ".ecr_id: must be 1-20 printable ASCII characters, was " + e);
            } else ecrId = e.asText();
        }
        Optional<String> receiptPrinter = Optional.empty();
        JsonNode rp = t.get("receipt_printer");
        if (rp != null) {
            if (!rp.isTextual()) problems.add(at + ".receipt_printer: must be the name of one of the printers, was " + rp);
            else receiptPrinter = Optional.of(rp.asText());
        }
        return problems.size() == before ? Optional.of(new TerminalSpec(name, host, port, ecrId, receiptPrinter)) : Optional.empty();
    }

    private static void unknownKeys(JsonNode o, Set<String> allowed, String prefix, List<String> problems) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) problems.add(prefix + k + ": unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    /**
     * The hub's base URL, checked: absolute http(s), no query or fragment, and https unless the
     * host is loopback (TLS on every hop that leaves the machine). A trailing slash is dropped.
     */
    public static URI hubUri(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute https:// URL such as https://hub.example.com, was '" + text + "'");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a query, fragment or user info, was '" + text + "'");
        }
        if (scheme.equals("http") && !isLoopback(u.getHost())) {
            throw new IllegalArgumentException("must use https:// for a hub that is not on this machine (" + u.getHost()
                    + "); plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1");
        }
        String s = u.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return URI.create(s);
    }

    /** localhost or a literal loopback address; no other name is resolved. */
    static boolean isLoopback(String host) {
        String h = host.replace("[", "").replace("]", "");
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code hub} (and {@code trust_store} and {@code proxy}, when given) into
     * {@code agent.json}, keeping every other key as it is; creates the file with an empty terminal
     * list when missing. The file is written 0600: a proxy URL may carry a password.
     */
    public static void setHub(Path configDir, URI hub, Optional<Path> trustStore, Optional<String> proxy) throws IOException {
        ObjectNode root = tree(configDir);
        if (root.isEmpty()) {
            root.put("ping_seconds", PING_DEFAULT);
            root.putArray("terminals");
            root.putArray("printers");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("hub", hub.toString());
        trustStore.ifPresent(t -> out.put("trust_store", t.toAbsolutePath().toString()));
        proxy.ifPresent(p -> out.put("proxy", p));
        root.fieldNames().forEachRemaining(k -> {
            if (!out.has(k)) out.set(k, root.get(k));
        });
        write(configDir, out);
    }

    /** {@code agent.json} as written, as a JSON tree (every key kept, known or not); a missing file is an empty object. */
    public static ObjectNode tree(Path configDir) throws IOException {
        Path f = file(configDir);
        if (!Files.exists(f)) return JSON.createObjectNode();
        JsonNode n = JSON.readTree(Files.readString(f));
        if (n == null || !n.isObject()) throw new IOException(f + " is not a JSON object; fix or remove it first");
        return (ObjectNode) n;
    }

    /**
     * Replaces {@code agent.json} by {@code root} at once: written 0600 (a proxy URL may carry a
     * password) to a temporary file, then renamed over it, so a reader sees the old file or the
     * new one, never half of either.
     */
    public static void write(Path configDir, ObjectNode root) throws IOException {
        Path f = file(configDir);
        Path tmp = f.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap((JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

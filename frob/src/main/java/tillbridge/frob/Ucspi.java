package tillbridge.frob;

import java.util.List;
import java.util.stream.Collectors;

/** The UCSPI environment a superserver (tcpserver, s6-tcpserver, inetd wrappers) leaves for its child; read only for logging: networking belongs to the superserver, frob only talks on stdin/stdout. */
final class Ucspi {
    private Ucspi() {}

    /** E.g. {@code " for 10.0.0.5:40123 (PROTO=TCP TCPREMOTEIP=10.0.0.5 ...)"}, or empty when not run by a superserver. */
    static String describe() {
        String proto = System.getenv().getOrDefault("PROTO", "TCP");
        List<String> names = List.of("PROTO", proto + "REMOTEIP", proto + "REMOTEPORT", proto + "LOCALIP", proto + "LOCALPORT");
        String env = names.stream().filter(n -> System.getenv(n) != null).map(n -> n + "=" + System.getenv(n)).collect(Collectors.joining(" "));
        if (env.isEmpty()) return "";
        String ip = System.getenv(proto + "REMOTEIP");
        String port = System.getenv(proto + "REMOTEPORT");
        return (ip == null ? "" : " for " + ip + (port == null ? "" : ":" + port)) + " (" + env + ")";
    }
}

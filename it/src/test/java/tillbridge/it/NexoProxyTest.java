package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;
import tillbridge.nexo.sim.NexoSim;
import tillbridge.nexo.sim.SimPoi;

/**
 * ECR-EFT to nexo as a venue would run it: {@code ecr} starts {@code frob}, whose payment channel
 * is {@code nexo-proxy}'s UNIX socket; nexo-proxy is the nexo Sale system toward nexo-sim (the POI,
 * in-process here) over HTTPS with a certificate made by keytool for this run, and over plain TCP
 * (where the POI also sends the cashier a message and a receipt to print, through frob to the ECR).
 */
class NexoProxyTest {
    @TempDir
    static Path dir;
    private static NexoSim poi;
    private static final List<Process> proxies = new ArrayList<>();
    private static Path httpsSock, tcpSock, frameSock, downSock;

    @BeforeAll
    static void start() throws Exception {
        SelfSigned poiCert = SelfSigned.make(dir, "poi", "localhost");
        Path keystore = poiCert.keyStore();
        Path cert = poiCert.pem();

        int httpsPort = LowPorts.free();
        int tcpPort = LowPorts.free();
        poi = NexoSim.start(new SimPoi(new SimPoi.Options(Duration.ofMillis(50), Duration.ofSeconds(8), "M00012345", true)),
                new InetSocketAddress("127.0.0.1", httpsPort), NexoSim.serverContext(keystore, SelfSigned.PASSWORD.toCharArray()),
                new InetSocketAddress("127.0.0.1", tcpPort));

        httpsSock = dir.resolve("https.sock");
        tcpSock = dir.resolve("tcp.sock");
        frameSock = dir.resolve("frame.sock");
        downSock = dir.resolve("down.sock");
        String https = "https://localhost:" + httpsPort + "/";
        proxy("https", "--listen", "unix:" + httpsSock, "--nexo", https, "--trust-store", cert.toString(), "--poi-id", "POI-IT");
        proxy("tcp", "--listen", "unix:" + tcpSock, "--nexo", "tcp://127.0.0.1:" + tcpPort, "--poi-id", "POI-TCP");
        proxy("frame", "--listen", "unix:" + frameSock, "--channel-format", "frame", "--nexo", https, "--trust-store", cert.toString(), "--poi-id", "POI-IT");
        proxy("down", "--listen", "unix:" + downSock, "--nexo", "https://localhost:" + LowPorts.free() + "/", "--trust-store", cert.toString(),
                "--poi-id", "POI-DOWN", "--connect-timeout", "2");
        for (Path s : List.of(httpsSock, tcpSock, frameSock, downSock)) await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(s));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : proxies) Programs.stop(p);
        if (poi != null) poi.close();
    }

    private static void proxy(String name, String... args) throws IOException {
        proxies.add(Programs.start(dir.resolve("nexo-proxy-" + name + ".log"), Programs.command("nexo-proxy", args)));
    }

    /** {@code ecr --exec 'bin/frob --payment unix:SOCK [frob options]' ARGS}. */
    private static Run ecr(Path sock, String frobOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--exec",
                Programs.bin("frob") + " --payment unix:" + sock + (frobOptions.isEmpty() ? "" : " " + frobOptions)));
        command.addAll(List.of(args));
        return Run.of(dir, 90, command);
    }

    private static String log(String name) {
        return Programs.read(dir.resolve("nexo-proxy-" + name + ".log"));
    }

    @Test
    void approvedOverHttpsWithTheMaskedCardFromNexo() throws Exception {
        Run r = ecr(httpsSock, "", "pay", "12.00", "PLN", "--ref", "NX-APPROVED");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("status 20").contains("status 50").contains("outcome APPROVED")
                .containsPattern("masked_pan \\d{6}\\*{6}\\d{4}").containsPattern("auth_code [0-9A-Z]{6}")
                .contains("tid POI-IT").contains("mid M00012345");
        assertThat(log("https")).contains("-> nexo PaymentRequest").contains("TransactionID NX-APPROVED 12.00 PLN")
                .doesNotContainPattern("(?<![\\d-])\\d{13,19}(?!\\d)"); // no card number (the temp dir's name has a long number after a '-')
    }

    @Test
    void declinedByTheAmountRule() throws Exception {
        Run r = ecr(httpsSock, "", "pay", "12.51", "PLN", "--ref", "NX-DECLINED");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("outcome DECLINED").contains("result 5").contains("insufficient funds");
    }

    @Test
    void abortedByTheEcr() throws Exception {
        Run r = ecr(httpsSock, "", "pay", "12.99", "PLN", "--ref", "NX-ABORTED", "--abort-after", "1.5");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("abort acknowledged").contains("status 180").contains("outcome ABORTED");
        assertThat(log("https")).contains("-> nexo AbortRequest");
    }

    @Test
    void poiDownIs994() throws Exception {
        Run r = ecr(downSock, "", "pay", "12.00", "PLN", "--ref", "NX-DOWN");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.out() + r.err()).contains("994");
        assertThat(log("down")).contains("not sent: cannot connect");
    }

    @Test
    void statusQueryRecoversTheOutcomeFromThePoi() throws Exception {
        Run paid = ecr(httpsSock, "", "pay", "7.00", "PLN", "--ref", "NX-STATUS");
        assertThat(paid.exit()).as(paid.toString()).isZero();
        Run r = ecr(httpsSock, "", "status", "--ref", "NX-STATUS", "--currency", "PLN");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("outcome APPROVED").contains("amount 7.00 PLN");
        assertThat(log("https")).contains("-> nexo TransactionStatusRequest");
    }

    @Test
    void theSameOverPlainTcp() throws Exception {
        Run ok = ecr(tcpSock, "", "pay", "12.00", "PLN", "--ref", "NX-TCP-OK");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("outcome APPROVED").contains("tid POI-TCP")
                // over TCP the simulated POI shows the cashier a message and prints a receipt: nexo Display/Print → K1 K3 K2, D2 D6 D3
                .contains("console claimed by the terminal").contains("PRESENT CARD").contains("receipt begin CashierReceipt").contains("APPROVED 12.00 PLN");
        Run declined = ecr(tcpSock, "", "pay", "12.51", "PLN", "--ref", "NX-TCP-DECLINED");
        assertThat(declined.exit()).as(declined.toString()).isEqualTo(1);
        Run aborted = ecr(tcpSock, "", "pay", "12.99", "PLN", "--ref", "NX-TCP-ABORTED", "--abort-after", "1.5");
        assertThat(aborted.exit()).as(aborted.toString()).isEqualTo(2);
        Run status = ecr(tcpSock, "", "status", "--ref", "NX-TCP-OK");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("outcome APPROVED");
    }

    @Test
    void speaksEcrEftFramesWhenFrobSendsFrames() throws Exception {
        Run r = ecr(frameSock, "--channel-format frame", "pay", "12.00", "PLN", "--ref", "NX-FRAME");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("status 20").contains("outcome APPROVED");
        assertThat(log("frame")).contains("ECR-EFT frames");
    }
}

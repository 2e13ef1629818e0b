package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.sim.NexoSim;
import tillbridge.nexo.sim.SimPoi;
import tillbridge.nexo.transport.HttpsTransport;
import tillbridge.nexo.transport.PoiTransport;
import tillbridge.nexo.transport.TcpFraming;
import tillbridge.nexo.transport.TcpTransport;
import tillbridge.nexo.transport.TrustStores;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;

/** The proxy in-process: JSON lines (or frames) on one side as frob sends them, nexo-sim over HTTPS or TCP on the other. */
class ProxyTest {
    @TempDir
    static Path dir;
    static TestCerts.Poi certs;
    static SSLContext serverSsl;
    static NexoSim sim;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startPoi() throws Exception {
        certs = TestCerts.make(dir, "poi");
        serverSsl = NexoSim.serverContext(certs.keystore(), TestCerts.PASSWORD.toCharArray());
        SimPoi poi = new SimPoi(new SimPoi.Options(Duration.ofMillis(20), Duration.ofSeconds(5), "M00012345", true));
        sim = LowPorts.bind(port -> NexoSim.start(poi, new InetSocketAddress("127.0.0.1", port), serverSsl, new InetSocketAddress("127.0.0.1", port + 1)));
    }

    @AfterAll
    static void stopPoi() {
        if (sim != null) sim.close();
    }

    static PoiTransport https() throws Exception {
        return new HttpsTransport(URI.create("https://localhost:" + sim.httpsPort() + "/"), TrustStores.context(certs.certificate(), null), Duration.ofSeconds(5));
    }

    static PoiTransport tcp() {
        return new TcpTransport(new InetSocketAddress("127.0.0.1", sim.tcpPort()), Duration.ofSeconds(5));
    }

    /** Two connected loopback sockets. */
    static Socket[] socketPair() throws IOException {
        try (ServerSocket server = LowPorts.loopback(1)) {
            Socket a = new Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
            return new Socket[] {a, server.accept()};
        }
    }

    /** One connection from "frob": JSON lines in, JSON lines out. */
    static final class Frob implements AutoCloseable {
        final OutputStream toProxy;
        final BlockingQueue<JsonNode> fromProxy = new LinkedBlockingQueue<>();
        final Thread proxyThread;

        Frob(PoiTransport poi, Duration paymentTimeout) throws IOException {
            Proxy proxy = new Proxy(new Config("POI-7", "TILLBRIDGE", paymentTimeout, Duration.ofSeconds(10), false), poi, ServiceIdJournal.inMemory());
            // a real socket pair: piped streams break when a writing thread ends, and the proxy writes from short-lived threads
            Socket[] pair = socketPair();
            toProxy = pair[0].getOutputStream();
            InputStream testIn = pair[0].getInputStream();
            proxyThread = Thread.ofVirtual().start(() -> {
                try (Socket s = pair[1]) {
                    proxy.serve("test", s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(testIn, StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) fromProxy.add(JSON.readTree(l));
                } catch (IOException e) {
                    // pipe closed: the test is over
                }
            });
        }

        void send(String line) throws IOException {
            toProxy.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toProxy.flush();
        }

        void s1(String token, String kind, String paymentId, String gross) throws IOException {
            send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"S1\",\"token\":\"" + token + "\",\"fields\":{\"kind\":\"" + kind
                    + "\",\"ecr_id\":\"KASA-01\",\"payment_id\":\"" + paymentId + "\",\"gross\":\"" + gross + "\",\"net\":\"" + gross
                    + "\",\"vat\":\"0\",\"currency\":\"PLN\",\"cashback\":\"0\"}}");
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = fromProxy.poll(30, TimeUnit.SECONDS);
            assertThat(n).as("a message from the proxy within 30 s").isNotNull();
            return n;
        }

        /** Console and print requests the proxy relayed, each answered OK as the ECR would (K0 0, D0 0). */
        final java.util.List<JsonNode> device = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** The next S2, after any I1s (codes appended to {@code statuses}) and console or print requests (answered). */
        JsonNode s2(StringBuilder statuses) throws InterruptedException, IOException {
            for (;;) {
                JsonNode n = next();
                String type = n.path("type").asText();
                if (type.equals("I1")) {
                    statuses.append(n.path("fields").path("status").asText()).append(' ');
                } else if (type.matches("K[1-9]|D[1-36]")) {
                    device.add(n);
                    String answer = type.startsWith("K") ? "K0" : "D0";
                    send("{\"channel\":\"payment\",\"session\":\"" + n.path("session").asText() + "\",\"type\":\"" + answer
                            + "\",\"token\":\"" + n.path("token").asText() + "\",\"fields\":{\"result\":\"0\"}}");
                } else {
                    return n;
                }
            }
        }

        @Override
        public void close() throws IOException {
            toProxy.close(); // closes the socket: end of input for the proxy
            try {
                proxyThread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void approvedOverHttpsWithStatusesAndAMaskedCard() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-OK", "1200");
            StringBuilder statuses = new StringBuilder();
            JsonNode s2 = f.s2(statuses);
            assertThat(statuses.toString()).isEqualTo("20 50 ");
            assertThat(s2.path("type").asText()).isEqualTo("S2");
            assertThat(s2.path("token").asText()).isEqualTo("2710");
            assertThat(s2.path("session").asText()).isEqualTo("s1");
            JsonNode fields = s2.path("fields");
            assertThat(fields.path("result").asText()).isEqualTo("0");
            assertThat(fields.path("masked_pan").asText()).matches("\\d{6}\\*{6}\\d{4}");
            assertThat(fields.path("auth_code").asText()).matches("[0-9A-Z]{6}");
            assertThat(fields.path("tid").asText()).isEqualTo("POI-7");
            assertThat(fields.path("mid").asText()).isEqualTo("M00012345");
            assertThat(fields.path("amount").asText()).isEqualTo("1200");
            assertThat(fields.path("transaction_id").asText()).hasSize(20);

            // the status query names the payment's ServiceID and gets the same outcome
            f.s1("2711", "C", "P-OK", "1200");
            JsonNode again = f.s2(new StringBuilder());
            assertThat(again.path("token").asText()).isEqualTo("2711");
            assertThat(again.path("fields").path("auth_code").asText()).isEqualTo(fields.path("auth_code").asText());
            assertThat(again.path("fields").path("transaction_id").asText()).isEqualTo(fields.path("transaction_id").asText());
            var requests = sim.poi().received();
            var pay = requests.stream().filter(r -> r.payment() != null && r.payment().saleData().saleTransactionId().transactionId().equals("P-OK")).findFirst().orElseThrow();
            var status = requests.get(requests.size() - 1);
            assertThat(status.transactionStatus().messageReference().serviceId()).isEqualTo(pay.header().serviceId());
            assertThat(status.header().serviceId()).isNotEqualTo(pay.header().serviceId());

            f.s1("2712", "C", "NEVER-PAID", "1200");
            assertThat(f.s2(new StringBuilder()).path("fields").path("result").asText()).isEqualTo("996");
        }
    }

    @Test
    void aSaleAskedAgainWithItsPaymentIdIsAnsweredFromThePoiAndNotPaidTwice() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-TWICE", "1200");
            JsonNode first = f.s2(new StringBuilder()).path("fields");
            assertThat(first.path("payment_id").asText()).isEqualTo("P-TWICE");
            assertThat(first.path("ecr_id").asText()).isEqualTo("KASA-01");

            f.s1("2711", "S", "P-TWICE", "1200");
            JsonNode again = f.s2(new StringBuilder());

            assertThat(again.path("token").asText()).isEqualTo("2711");
            assertThat(again.path("fields").path("auth_code").asText()).isEqualTo(first.path("auth_code").asText());
            long paymentRequests = sim.poi().received().stream()
                    .filter(r -> r.payment() != null && r.payment().saleData().saleTransactionId().transactionId().equals("P-TWICE")).count();
            assertThat(paymentRequests).as("PaymentRequests for P-TWICE").isEqualTo(1);
        }
    }

    @Test
    void declinedByAmount() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-DECL", "1251");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("5");
            assertThat(s2.path("fields").path("message").asText()).isEqualTo("declined (Refusal): insufficient funds");
        }
    }

    @Test
    void abortSendsAnAbortRequestForThePaymentAndEndsItCancelled() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-ABORT", "1299");
            assertThat(f.next().path("fields").path("status").asText()).isEqualTo("20");
            f.send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"P1\",\"token\":\"2711\",\"fields\":{}}");
            StringBuilder statuses = new StringBuilder();
            JsonNode s2 = f.s2(statuses);
            assertThat(statuses.toString()).startsWith("180");
            assertThat(s2.path("token").asText()).isEqualTo("2710");
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("17");
            var requests = sim.poi().received();
            var pay = requests.stream().filter(r -> r.payment() != null && r.payment().saleData().saleTransactionId().transactionId().equals("P-ABORT")).findFirst().orElseThrow();
            var abort = requests.stream().filter(r -> r.abort() != null && r.abort().messageReference().serviceId().equals(pay.header().serviceId())).findFirst();
            assertThat(abort).isPresent();
        }
    }

    @Test
    void poiDownIs994AndNoAnswerAfterSendingIs995() throws Exception {
        int closed = LowPorts.free();
        var down = new HttpsTransport(URI.create("https://127.0.0.1:" + closed + "/"), TrustStores.context(certs.certificate(), null), Duration.ofSeconds(2));
        try (Frob f = new Frob(down, Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-DOWN", "1200");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("994");
        }
        // the slow amount outlasts a 1 s payment timeout: the POI got the request, the outcome is open
        try (Frob f = new Frob(https(), Duration.ofSeconds(1))) {
            f.s1("2710", "S", "P-SLOW", "2099");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("995");
            // and the status query says: still in progress at the POI, then the outcome
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                f.s1("2711", "C", "P-SLOW", "2099");
                return f.s2(new StringBuilder()).path("fields").path("result").asText().equals("0");
            });
        }
    }

    /** 994 said nothing was sent: the till's retry of that payment id pays, once. */
    @Test
    void aSaleRetriedAfterThePoiWasUnreachableIsPaid() throws Exception {
        PoiTransport real = https();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        PoiTransport flaky = new PoiTransport() {
            @Override
            public Outcome exchange(SaleToPOIRequest request, Duration timeout, DeviceRequests device, Runnable sent) {
                return down.getAndSet(false) ? new NotSent("connection refused") : real.exchange(request, timeout, device, sent);
            }

            @Override
            public Outcome deliver(SaleToPOIRequest request, Duration timeout) {
                return real.deliver(request, timeout);
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public void close() {
                real.close();
            }
        };
        try (Frob f = new Frob(flaky, Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-RETRY", "1200");
            assertThat(f.s2(new StringBuilder()).path("fields").path("result").asText()).isEqualTo("994");
            f.s1("2711", "S", "P-RETRY", "1200");
            JsonNode paid = f.s2(new StringBuilder()).path("fields");
            assertThat(paid.path("result").asText()).isEqualTo("0");
            long paymentRequests = sim.poi().received().stream()
                    .filter(r -> r.payment() != null && r.payment().saleData().saleTransactionId().transactionId().equals("P-RETRY")).count();
            assertThat(paymentRequests).as("PaymentRequests for P-RETRY that reached the POI").isEqualTo(1);
        }
    }

    @Test
    void aPoiWithAnUntrustedCertificateIsNotReached() throws Exception {
        TestCerts.Poi other = TestCerts.make(dir, "other");
        var untrusted = new HttpsTransport(URI.create("https://localhost:" + sim.httpsPort() + "/"), TrustStores.context(other.keystore(), TestCerts.PASSWORD.toCharArray()),
                Duration.ofSeconds(5));
        try (Frob f = new Frob(untrusted, Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-TLS", "1200");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("994");
            assertThat(s2.path("fields").path("message").asText()).contains("TLS");
        }
    }

    @Test
    void anOversizedAnswerIsRefusedAndTheOutcomeLeftOpen() throws Exception {
        HttpsServer big = LowPorts.bind(port -> HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 4));
        big.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
        big.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            byte[] body = new byte[70_000];
            java.util.Arrays.fill(body, (byte) ' ');
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        big.start();
        try (Frob f = new Frob(new HttpsTransport(URI.create("https://localhost:" + big.getAddress().getPort() + "/"),
                TrustStores.context(certs.certificate(), null), Duration.ofSeconds(5)), Duration.ofSeconds(30))) {
            f.s1("2710", "S", "P-BIG", "1200");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("995");
        } finally {
            big.stop(0);
        }
    }

    @Test
    void overTcpThePoisDisplayAndPrintRequestsReachTheEcrAndThePaymentGoesThrough() throws Exception {
        try (Frob f = new Frob(tcp(), Duration.ofSeconds(30))) {
            int before = sim.poi().deviceAnswers().size();
            f.s1("2710", "S", "P-TCP", "700");
            JsonNode s2 = f.s2(new StringBuilder());
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("0");
            // the POI's DisplayRequest became K1 K3 K2 and its PrintRequest D2 D6 D3, all answered by "the ECR"
            assertThat(f.device).extracting(n -> n.path("type").asText()).containsExactly("K1", "K3", "K2", "D2", "D6", "D6", "D3");
            assertThat(f.device.get(1).path("fields").path("text").asText()).isEqualTo("PRESENT CARD");
            assertThat(f.device.get(3).path("fields").path("title").asText()).isEqualTo("CashierReceipt");
            assertThat(f.device.get(4).path("fields").path("attributes").asText()).isEqualTo("BC");
            assertThat(f.device.get(5).path("fields").path("lines").asText()).contains("******");
            var answers = sim.poi().deviceAnswers();
            assertThat(answers).hasSize(before + 2);
            Nexo.SaleToPOIResponse display = answers.get(before);
            assertThat(display.header().messageCategory()).isEqualTo("Display");
            assertThat(display.display().outputResult().get(0).response().result()).isEqualTo("Success");
            Nexo.SaleToPOIResponse print = answers.get(before + 1);
            assertThat(print.print().response().result()).isEqualTo("Success");
            assertThat(print.print().documentQualifier()).isEqualTo("CashierReceipt");
            f.s1("2711", "C", "P-TCP", "700");
            assertThat(f.s2(new StringBuilder()).path("fields").path("result").asText()).isEqualTo("0");
        }
    }

    @Test
    void tcpRequestLostAfterSendingIs995() throws Exception {
        try (ServerSocket s = LowPorts.loopback(4)) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = s.accept()) {
                    TcpFraming.read(c.getInputStream()); // takes the request, then hangs up
                } catch (IOException e) {
                    // test over
                }
            });
            try (Frob f = new Frob(new TcpTransport(new InetSocketAddress("127.0.0.1", s.getLocalPort()), Duration.ofSeconds(2)), Duration.ofSeconds(30))) {
                f.s1("2710", "S", "P-LOST", "1200");
                JsonNode s2 = f.s2(new StringBuilder());
                assertThat(s2.path("fields").path("result").asText()).isEqualTo("995");
                assertThat(s2.path("fields").path("message").asText()).contains("without answering");
            }
        }
    }

    @Test
    void appStartLogsInAndTheSessionsEndLogsOut() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.send("{\"channel\":\"payment\",\"session\":\"s9\",\"type\":\"A1\",\"token\":\"2710\",\"fields\":{}}");
            JsonNode a2 = f.next();
            assertThat(a2.path("type").asText()).isEqualTo("A2");
            assertThat(a2.path("fields").path("result").asText()).isEqualTo("0");
            assertThat(a2.path("fields").path("message").asText()).isEqualTo("logged in to POI POI-7");
            f.send("{\"channel\":\"payment\",\"session\":\"s9\",\"type\":\"closed\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.poi().received().stream()
                    .anyMatch(r -> r.logout() != null && r.header().saleId().equals("TILLBRIDGE")));
        }
    }

    @Test
    void badLinesGetAnErrorAndTheConnectionGoesOn() throws Exception {
        try (Frob f = new Frob(https(), Duration.ofSeconds(30))) {
            f.send("this is not json");
            JsonNode e = f.next();
            assertThat(e.path("type").asText()).isEqualTo("error");
            assertThat(e.path("fields").path("reason").asText()).contains("not JSON");
            f.send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"S1\",\"fields\":{}}");
            assertThat(f.next().path("fields").path("reason").asText()).contains("needs a token");
            f.send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"S1\",\"token\":\"2710\",\"fields\":{\"kind\":\"S\"}}");
            JsonNode s2 = f.next();
            assertThat(s2.path("fields").path("result").asText()).isEqualTo("999");
            f.send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"T1\",\"token\":\"2711\",\"fields\":{}}");
            assertThat(f.next().path("type").asText()).isEqualTo("error");
            f.s1("2712", "X", "P-KIND", "100");
            assertThat(f.next().path("fields").path("result").asText()).isEqualTo("999");
        }
    }

    @Test
    void speaksEcrEftFramesWithFrobsFrameFormat() throws Exception {
        Proxy proxy = new Proxy(new Config("POI-7", "TILLBRIDGE", Duration.ofSeconds(30), Duration.ofSeconds(10), true), https(), ServiceIdJournal.inMemory());
        Socket[] pair = socketPair();
        OutputStream toProxy = pair[0].getOutputStream();
        InputStream testIn = pair[0].getInputStream();
        Thread t = Thread.ofVirtual().start(() -> {
            try (Socket s = pair[1]) {
                proxy.serve("frames", s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BlockingQueue<FrameEvent> events = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            FrameDecoder d = new FrameDecoder();
            byte[] buf = new byte[4096];
            try (InputStream in = testIn) {
                for (int n; (n = in.read(buf)) >= 0; ) d.feed(buf, 0, n, events::add);
            } catch (IOException e) {
                // done
            }
        });
        Bytes frame = Packet.of("2710", "S1", "S", "KASA-01", "P-FRAME", "1200", "1200", "0", "PLN", "0").frame();
        toProxy.write(frame.toArray());
        toProxy.flush();
        StringBuilder types = new StringBuilder();
        Packet s2 = null;
        while (s2 == null) {
            FrameEvent e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(FrameEvent.Frame.class);
            Packet p = Packet.parse(((FrameEvent.Frame) e).body());
            types.append(p.type()).append(' ');
            if (p.type().equals("S2")) s2 = p;
        }
        assertThat(types.toString()).isEqualTo("I1 I1 S2 ");
        assertThat(s2.token()).isEqualTo("2710");
        assertThat(s2.fields().get(0)).isEqualTo("0");
        pair[0].shutdownOutput();
        t.join(Duration.ofSeconds(30));
        pair[0].close();
    }
}

package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.Printer;
import tillbridge.agent.print.PrinterAddress;
import tillbridge.agent.print.PrinterState;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.common.testing.IppEvePrinter;
import tillbridge.common.testing.LowPorts;
import tillbridge.ecr.EcrOptions;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/** Print jobs from the hub, end to end through {@link Jobs}: a raw socket printer and a real IPP printer. */
class PrintJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aPrintJobFromTheHubArrivesAtARawPrinterAndIsPostedDoneAfterATypedPrintSendingEvent() throws Exception {
        try (FakeHub hub = new FakeHub(); ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, Duration.ofSeconds(20)));
            JobResult r = run(hub, "socket://127.0.0.1:" + server.getLocalPort(), (j, jobs) -> jobs.offer(job("job_p1", "Bilet 17\n"), 1), "job_p1");

            assertThat(r.state()).isEqualTo(JobState.DONE);
            assertThat(r.printer().orElseThrow()).isEqualTo("bar");
            assertThat(new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1)).contains("Bilet 17");
            assertThat(JobJson.progress(JSON.readTree(hub.take("/agent/v1/jobs/job_p1/events", Duration.ofSeconds(5)).body())))
                    .as("the first event: about to send, before the result").isEqualTo(new JobEvent.Progress.PrintSending("bar"));
            assertThat(hub.take("/agent/v1/jobs/job_p1/result", Duration.ofSeconds(5)).body()).contains("\"state\":\"done\"");
        }
    }

    @Test
    void aPrintJobNamingADocumentFetchesItFromTheHubAndSendsItUntouched() throws Exception {
        byte[] raw = new byte[300_000];
        new java.util.Random(3).nextBytes(raw);
        try (FakeHub hub = new FakeHub(); ServerSocket server = LowPorts.loopback(1)) {
            hub.document("doc_1", "application/octet-stream", raw, sha256(raw));
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, Duration.ofSeconds(20)));
            JobResult r = run(hub, "socket://127.0.0.1:" + server.getLocalPort(), (j, jobs) -> jobs.offer(documentJob("job_d1", "doc_1"), 1), "job_d1");

            assertThat(r.state()).isEqualTo(JobState.DONE);
            byte[] got = received.get(10, TimeUnit.SECONDS);
            // the paper status query (DLE EOT 4) goes first, then the document byte for byte
            assertThat(java.util.Arrays.copyOfRange(got, got.length - raw.length, got.length)).isEqualTo(raw);
            assertThat(got.length).isEqualTo(raw.length + 3);
        }
    }

    @Test
    void aDocumentDamagedOnTheWayFailsTheJobWithNothingSent() throws Exception {
        byte[] raw = "\u001b@Bilet".getBytes(StandardCharsets.ISO_8859_1);
        try (FakeHub hub = new FakeHub(); ServerSocket server = LowPorts.loopback(1)) {
            hub.document("doc_2", "application/octet-stream", raw, sha256("other".getBytes(StandardCharsets.US_ASCII)));
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, Duration.ofSeconds(3)));
            JobResult r = run(hub, "socket://127.0.0.1:" + server.getLocalPort(), (j, jobs) -> jobs.offer(documentJob("job_d2", "doc_2"), 1), "job_d2");

            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).startsWith("could not fetch the document from the hub: document doc_2: its content does not match")
                    .endsWith("; nothing was sent");
            assertThat(received.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aDocumentFetchThatFailsForAWhileIsTriedAgainAndPrintsWhole() throws Exception {
        byte[] raw = new byte[200_000];
        new java.util.Random(5).nextBytes(raw);
        try (FakeHub hub = new FakeHub(); ServerSocket server = LowPorts.loopback(1)) {
            hub.document("doc_4", "application/octet-stream", raw, sha256(raw));
            hub.documentFailsFirst("doc_4", 503, 0); // the hub busy, then the body cut off halfway
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, Duration.ofSeconds(30)));
            JobResult r = run(hub, "socket://127.0.0.1:" + server.getLocalPort(), (j, jobs) -> jobs.offer(documentJob("job_d4", "doc_4"), 1), "job_d4");

            assertThat(r.state()).isEqualTo(JobState.DONE);
            byte[] got = received.get(10, TimeUnit.SECONDS);
            assertThat(got.length).as("the status query and the whole document, once").isEqualTo(raw.length + 3);
            assertThat(java.util.Arrays.copyOfRange(got, 3, got.length)).isEqualTo(raw);
        }
    }

    @Test
    void aDocumentTheHubDoesNotHaveFailsTheJob() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            JobResult r = run(hub, "socket://127.0.0.1:" + LowPorts.free(), (j, jobs) -> jobs.offer(documentJob("job_d3", "doc_gone"), 1), "job_d3");

            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).contains("document doc_gone: HTTP 404");
        }
    }

    @Test
    void anUnreachablePrinterFailsTheJobOffline() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            JobResult r = run(hub, "socket://127.0.0.1:" + LowPorts.free(), (j, jobs) -> jobs.offer(job("job_p2", "x"), 1), "job_p2");

            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).startsWith("offline");
        }
    }

    @Test
    void aJobNamingAnUnknownPrinterFailsSayingWhichPrintersThereAre() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            ObjectNode job = job("job_p3", "x");
            ((ObjectNode) job.get("request")).put("printer", "kitchen");
            JobResult r = run(hub, "socket://127.0.0.1:" + LowPorts.free(), (j, jobs) -> jobs.offer(job, 1), "job_p3");

            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.message()).isEqualTo("no printer named 'kitchen' in agent.json (have: bar); nothing was sent");
        }
    }

    @Test
    void aRestartWhileSendingToARawPrinterIsUnknownAndNothingIsSentAgain() throws Exception {
        try (FakeHub hub = new FakeHub(); ServerSocket server = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> capture(server, Duration.ofSeconds(3)));
            JobResult r = run(hub, "socket://127.0.0.1:" + server.getLocalPort(), (j, jobs) -> {
                j.received("job_p4", "print", job("job_p4", "Bilet 4\n").get("request"));
                j.printSending("job_p4");
                jobs.recover();
            }, "job_p4");

            assertThat(r.state()).isEqualTo(JobState.UNKNOWN);
            assertThat(r.message()).isEqualTo(Recovery.RAW_PRINTER_UNKNOWN);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aRestartWhileSendingToAPrinterSinceTakenOutOfTheConfigIsUnknown() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            ObjectNode job = job("job_p7", "x");
            ((ObjectNode) job.get("request")).put("printer", "gone");
            JobResult r = run(hub, "socket://127.0.0.1:" + LowPorts.free(), (j, jobs) -> {
                j.received("job_p7", "print", job.get("request"));
                j.printSending("job_p7");
                jobs.recover();
            }, "job_p7");

            assertThat(r.state()).isEqualTo(JobState.UNKNOWN);
            assertThat(r.message()).contains("no printer named 'gone'").endsWith("check the printout before reprinting");
        }
    }

    @Test
    void aRestartAfterAnIppPrinterCompletedTheJobIsDoneWithoutASecondCopy() throws Exception {
        try (FakeHub hub = new FakeHub(); IppEvePrinter eve = new IppEvePrinter(Files.createDirectories(dir.resolve("eve")), true)) {
            Printer probe = Printer.open(new PrinterConfig("probe", PrinterAddress.parse(eve.uri()), 576), PrintTimeouts.DEFAULTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.state().status() == PrinterState.Status.IDLE);
            Path first = dir.resolve("first");
            Path second = dir.resolve("second");
            assertThat(run(hub, first, eve.uri(), (j, jobs) -> jobs.offer(job("job_p5", "Bilet 5\n"), 1), "job_p5").state()).isEqualTo(JobState.DONE);
            assertThat(spooled(eve, "Bilet 5")).isEqualTo(1);

            // the same job again, as a crashed agent would find it: sending journaled, no result
            JobResult r = run(hub, second, eve.uri(), (j, jobs) -> {
                j.received("job_p5", "print", job("job_p5", "Bilet 5\n").get("request"));
                j.printSending("job_p5");
                jobs.recover();
            }, "job_p5");

            assertThat(r.state()).isEqualTo(JobState.DONE);
            assertThat(r.message()).contains("completed");
            assertThat(spooled(eve, "Bilet 5")).isEqualTo(1);

            // a job the printer never got is sent again after a restart
            JobResult again = run(hub, dir.resolve("third"), eve.uri(), (j, jobs) -> {
                j.received("job_p6", "print", job("job_p6", "Bilet 6\n").get("request"));
                j.printSending("job_p6");
                jobs.recover();
            }, "job_p6");
            assertThat(again.state()).isEqualTo(JobState.DONE);
            assertThat(spooled(eve, "Bilet 6")).isEqualTo(1);
        }
    }

    @FunctionalInterface
    private interface Steps {
        void run(JobJournal j, Jobs jobs) throws Exception;
    }

    private JobResult run(FakeHub hub, String uri, Steps steps, String id) throws Exception {
        return run(hub, dir.resolve("journal"), uri, steps, id);
    }

    /** Runs {@code steps} on an agent with one printer "bar" at {@code uri}; the job's posted result. */
    private static JobResult run(FakeHub hub, Path journalDir, String uri, Steps steps, String id) throws Exception {
        AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1"), Optional.empty(), Duration.ofSeconds(120), List.of(),
                List.of(new PrinterConfig("bar", PrinterAddress.parse(uri), 576)));
        try (JobJournal j = JobJournal.open(journalDir, Clock.systemUTC());
             Uplink up = new Uplink(new HubClient(hub.base(), "t", HubClient.http(Optional.empty())), j, AgentEvents.NONE);
             Jobs jobs = new Jobs(config, j, up, AgentEvents.NONE, EcrOptions.DEFAULT, Duration.ZERO, Time.SYSTEM)) {
            steps.run(j, jobs);
            await().atMost(Duration.ofSeconds(60)).until(() -> j.job(id).orElseThrow().stage() == Stage.POSTED);
            assertThat(jobs.status("test").get("printers").get(0).get("name").asText()).isEqualTo("bar");
            return j.job(id).orElseThrow().result().orElseThrow();
        }
    }

    private static ObjectNode job(String id, String text) {
        ObjectNode job = JSON.createObjectNode().put("id", id).put("type", "print");
        job.putObject("request").put("type", "print").put("content_type", "text/plain").put("content", text).put("encoding", "text").put("copies", 1);
        return job;
    }

    private static ObjectNode documentJob(String id, String document) {
        ObjectNode job = JSON.createObjectNode().put("id", id).put("type", "print");
        job.putObject("request").put("type", "print").put("document", document);
        return job;
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** How many spooled documents hold {@code text}: copies the printer received. */
    private static long spooled(IppEvePrinter eve, String text) throws IOException {
        try (Stream<Path> files = Files.walk(eve.spool)) {
            return files.filter(Files::isRegularFile).filter(f -> read(f).contains(text)).count();
        }
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything one connection sends until it closes; empty when nobody connects within {@code wait}. */
    private static byte[] capture(ServerSocket server, Duration wait) {
        try {
            server.setSoTimeout((int) wait.toMillis());
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                s.setSoTimeout(10_000);
                return in.readAllBytes();
            }
        } catch (SocketTimeoutException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.IppEvePrinter;

/**
 * A PDF ticket on the whole path, as real processes: box-office upload and print job → hub →
 * agent (fetches the document) → ippeveprinter, which keeps what it received. And an agent killed
 * (SIGKILL) while the printer is still printing its job: after the restart the job ends done or
 * unknown, and the printer never gets a second copy.
 */
class PrintingThroughTheCloudTest {
    /** A one-page PDF, written out by hand (the printer keeps the bytes; nothing here renders them). */
    static final byte[] TICKET = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 226 120]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static Cloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    private static Path agentWithPrinter(String name, IppEvePrinter eve) throws IOException {
        return cloud.agentDir(name, "", ",\n \"printers\": [{\"name\": \"tickets\", \"uri\": \"" + eve.uri() + "\"}]");
    }

    /** The PDFs the printer received (a print command's output, {@code .prn}, is not one). */
    private static List<Path> spooled(IppEvePrinter eve) throws IOException {
        try (Stream<Path> files = Files.walk(eve.spool)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".pdf")).toList();
        }
    }

    private static boolean sameBytes(Path f, byte[] expected) {
        try {
            return Arrays.equals(Files.readAllBytes(f), expected);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aPdfTicketFromTheBoxOfficeArrivesAtTheIppPrinterByteForByte() throws Exception {
        try (IppEvePrinter eve = new IppEvePrinter(Files.createDirectories(dir.resolve("eve-ticket")), true)) {
            String site = cloud.createSite("tickets");
            cloud.registeredAgent(site, agentWithPrinter("agent-tickets", eve));

            String job = cloud.print(site, cloud.upload(site, "application/pdf", TICKET), "it-ticket-1");
            JsonNode done = cloud.awaitFinal(job, Duration.ofSeconds(60));

            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.at("/result/printer").asText()).isEqualTo("tickets");
            assertThat(spooled(eve)).hasSize(1).allMatch(f -> sameBytes(f, TICKET));
        }
    }

    /**
     * ippeveprinter without a print command takes several seconds to "print" each job: the agent is
     * killed once it has journaled {@code print_sending} and the printer holds the document, well
     * before the printer reports the job completed.
     */
    @Test
    void anAgentKilledWhileThePrinterPrintsEndsTheJobDoneOrUnknownWithoutASecondCopy() throws Exception {
        try (IppEvePrinter eve = new IppEvePrinter(Files.createDirectories(dir.resolve("eve-slow")), false)) {
            String site = cloud.createSite("slow-tickets");
            Path agentDir = agentWithPrinter("agent-slow-tickets", eve);
            Process agent = cloud.registeredAgent(site, agentDir);

            String job = cloud.print(site, cloud.upload(site, "application/pdf", TICKET), "it-ticket-crash");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(agentDir.resolve("journal.jsonl"))
                    .contains("\"rec\":\"print_sending\",\"job\":\"" + job + "\"") && !spooled(eve).isEmpty());
            agent.destroyForcibly().waitFor();
            assertThat(cloud.job(job).get("state").asText()).isIn("accepted", "running");

            cloud.startAgent(agentDir);
            JsonNode after = cloud.awaitFinal(job, Duration.ofSeconds(90));

            assertThat(after.get("state").asText()).as(after.toString()).isIn("done", "unknown");
            assertThat(spooled(eve)).hasSize(1).allMatch(f -> sameBytes(f, TICKET));
        }
    }
}

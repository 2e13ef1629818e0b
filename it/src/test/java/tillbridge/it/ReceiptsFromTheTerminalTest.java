package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The customer receipt terminal-sim prints on the ECR's printer during a sale (D2, D6…, D3,
 * {@code --print-receipts}): the agent sends it to the terminal's {@code receipt_printer}, here a
 * raw ESC/POS printer on TCP (a socket that keeps what it gets), and the payment's result carries
 * its text for the box office.
 */
class ReceiptsFromTheTerminalTest {
    @TempDir
    static Path dir;
    private static Cloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of("--print-receipts"), List.of());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @Test
    void aSalesReceiptIsPrintedOnTheReceiptPrinterAndShownInThePaymentsResult() throws Exception {
        try (ServerSocket printer = LowPorts.loopback(1)) {
            CompletableFuture<byte[]> printed = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> printed.complete(capture(printer)));
            String site = cloud.createSite("receipts");
            cloud.registeredAgent(site, cloud.agentDir("agent-receipts", ", \"receipt_printer\": \"bar\"",
                    ",\n \"printers\": [{\"name\": \"bar\", \"uri\": \"socket://127.0.0.1:" + printer.getLocalPort() + "\"}]"));

            JsonNode job = cloud.awaitFinal(cloud.pay(site, 1200, "it-receipt-1"), Duration.ofSeconds(60));

            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
            JsonNode receipt = job.at("/result/receipts/0");
            assertThat(receipt.get("title").asText()).isEqualTo("CUSTOMER RECEIPT");
            assertThat(receipt.get("text").asText()).contains("APPROVED", "1 2 . 0 0", "THANK YOU").doesNotContainPattern("\\d{13,}");
            String bytes = new String(printed.get(30, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertThat(bytes).startsWith("\u0010\u0004\u0004").contains("CUSTOMER RECEIPT", "APPROVED", "THANK YOU");
        }
    }

    /** Everything the first connection with something in it sends until it closes. */
    static byte[] capture(ServerSocket server) {
        try {
            server.setSoTimeout(60_000);
            while (true) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    s.setSoTimeout(20_000);
                    byte[] got = in.readAllBytes();
                    // a connection that brings nothing is the agent seeing whether the printer is there, not a printout
                    if (got.length > 0) return got;
                }
            }
        } catch (SocketTimeoutException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package tillbridge.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.PrintJob;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.Printer;
import tillbridge.agent.print.PrinterAddress;
import tillbridge.agent.print.PrinterConfig;

/**
 * Print jobs per second to a raw 9100 sink on loopback that answers the paper status query (paper
 * present) and drains what it gets: a text receipt (rendered to ESC/POS in CP852) and a one-page
 * PDF (rasterised with PDFBox to 576 dots, GS v 0). Each job is one connection, as in the agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PrintBenchmark {
    private static final String RECEIPT = "KINO POLSKA\nBilet normalny      25,00 zł\nSala 3, rząd 7, miejsce 12\nZażółć gęślą jaźń\n";

    private ServerSocket sink;
    private Thread drain;
    private Printer printer;
    private Document receipt;
    private Document pdf;

    @Setup
    public void setup() throws IOException {
        sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        drain = Thread.ofPlatform().daemon().start(this::drain);
        printer = Printer.open(new PrinterConfig("sink", PrinterAddress.parse("socket://127.0.0.1:" + sink.getLocalPort()), 576), PrintTimeouts.DEFAULTS);
        receipt = Document.text(RECEIPT);
        pdf = Document.of("application/pdf", onePagePdf());
    }

    @TearDown
    public void tearDown() throws IOException {
        sink.close();
    }

    @Benchmark
    public PrintOutcome textReceipt() {
        return printer.print(new PrintJob("bench", receipt));
    }

    @Benchmark
    public PrintOutcome pdfRasterised() {
        return printer.print(new PrintJob("bench", pdf));
    }

    private void drain() {
        byte[] buf = new byte[64 * 1024];
        while (!sink.isClosed()) {
            try (Socket s = sink.accept(); InputStream in = s.getInputStream()) {
                in.readNBytes(3); // DLE EOT 4
                s.getOutputStream().write(0x12); // paper present
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the sink closed at tear-down, or one connection broke: the next job tells
            }
        }
    }

    private static byte[] onePagePdf() throws IOException {
        try (PDDocument d = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(226, 400));
            d.addPage(page);
            try (PDPageContentStream c = new PDPageContentStream(d, page)) {
                for (int y = 0; y < 400; y += 40) {
                    c.addRect(10, y, 206, 20);
                }
                c.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }
}

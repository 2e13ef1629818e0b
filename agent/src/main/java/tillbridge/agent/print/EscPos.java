package tillbridge.agent.print;

import com.github.anastaciocintra.escpos.EscPos.CharacterCodeTable;
import com.github.anastaciocintra.escpos.EscPos.CutMode;
import com.github.anastaciocintra.escpos.image.BitonalThreshold;
import com.github.anastaciocintra.escpos.image.CoffeeImage;
import com.github.anastaciocintra.escpos.image.CoffeeImageImpl;
import com.github.anastaciocintra.escpos.image.EscPosImage;
import com.github.anastaciocintra.escpos.image.RasterBitImageWrapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Documents turned into ESC/POS for receipt printers (raw TCP, device files): text as a receipt in
 * code page 852 (Polish letters), a PDF rasterised page by page (GS v 0), raw bytes untouched.
 */
final class EscPos {
    /** ESC/POS code page 18 = PC852 (Latin 2), which has every Polish letter. */
    static final CharacterCodeTable CODE_PAGE = CharacterCodeTable.CP852_Latin2;
    static final String CHARSET = "CP852";
    /** Lines fed before the cut so the last line clears the cutter. */
    private static final int FEED_LINES = 4;
    /** Rows per GS v 0 command: many printers take no more than a few thousand rows in one. */
    private static final int BAND_ROWS = 512;

    private EscPos() {}

    /**
     * What a raw printer (socket, device file) does with a job: renders it and hands the bytes to
     * {@code send}, or fails the job when the document cannot be rendered; one place for both printers.
     */
    static PrintOutcome renderThen(PrintJob job, int paperDots, Function<byte[], PrintOutcome> send) {
        byte[] bytes;
        try {
            bytes = render(job.document(), paperDots);
        } catch (IllegalArgumentException e) {
            return new PrintOutcome.Failed("rejected format: " + e.getMessage());
        }
        return send.apply(bytes);
    }

    /** The bytes to send for {@code doc}; {@code paperDots} is the printable width for PDFs. */
    static byte[] render(Document doc, int paperDots) {
        return switch (doc.kind()) {
            case RAW -> doc.content();
            case TEXT -> receipt(doc.text());
            case PDF -> raster(doc.content(), paperDots);
        };
    }

    /** Init, code page 852, the text line by line, feed, full cut. */
    static byte[] receipt(String text) {
        return write(escpos -> {
            escpos.initializePrinter();
            escpos.setCharacterCodeTable(CODE_PAGE);
            escpos.setCharsetName(CHARSET);
            for (String line : text.replace("\r\n", "\n").split("\n", -1)) escpos.writeLF(line);
            escpos.feed(FEED_LINES).cut(CutMode.FULL);
        });
    }

    /** Each page scaled to {@code paperDots} wide, thresholded to black and white, then a cut. */
    static byte[] raster(byte[] pdf, int paperDots) {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(d);
            return write(escpos -> {
                escpos.initializePrinter();
                RasterBitImageWrapper wrapper = new RasterBitImageWrapper();
                for (int i = 0; i < d.getNumberOfPages(); i++) {
                    float scale = paperDots / d.getPage(i).getMediaBox().getWidth();
                    BufferedImage page = renderer.renderImage(i, scale, ImageType.RGB);
                    CoffeeImage image = new CoffeeImageImpl(page);
                    for (int y = 0; y < image.getHeight(); y += BAND_ROWS) {
                        CoffeeImage band = image.getSubimage(0, y, image.getWidth(), Math.min(BAND_ROWS, image.getHeight() - y));
                        escpos.write(wrapper, new EscPosImage(band, new BitonalThreshold()));
                    }
                    escpos.feed(FEED_LINES).cut(CutMode.FULL);
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("the PDF cannot be read: " + e.getMessage());
        }
    }

    private interface Commands {
        void write(com.github.anastaciocintra.escpos.EscPos escpos) throws IOException;
    }

    private static byte[] write(Commands commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var escpos = new com.github.anastaciocintra.escpos.EscPos(out)) {
            commands.write(escpos);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}

package tillbridge.agent.print;

import com.github.anastaciocintra.escpos.EscPos.CharacterCodeTable;
import com.github.anastaciocintra.escpos.EscPos.CutMode;
import com.github.anastaciocintra.escpos.image.BitonalThreshold;
import com.github.anastaciocintra.escpos.image.CoffeeImage;
import com.github.anastaciocintra.escpos.image.CoffeeImageImpl;
import com.github.anastaciocintra.escpos.image.EscPosImage;
import com.github.anastaciocintra.escpos.image.RasterBitImageWrapper;
import com.github.anastaciocintra.escpos.EscPosConst;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import javax.imageio.ImageIO;

/**
 * Documents turned into ESC/POS for receipt printers (raw TCP, device files): text as a receipt in
 * code page 852 (Polish letters) under the printer's logo if it has one, a PDF rasterised page by
 * page (GS v 0), raw bytes untouched.
 */
final class EscPos {
    /** ESC/POS code page 18 = PC852 (Latin 2), which has every Polish letter. */
    static final CharacterCodeTable CODE_PAGE = CharacterCodeTable.CP852_Latin2;
    static final String CHARSET = "CP852";
    /** Lines fed before the cut so the last line clears the cutter. */
    private static final int FEED_LINES = 4;
    /** Rows per GS v 0 command: many printers take no more than a few thousand rows in one. */
    private static final int BAND_ROWS = 512;
    /** A logo is a small image (a PNG of a few KiB); anything larger is a mistake in agent.json. */
    static final long LOGO_MAX_BYTES = 1024 * 1024;

    /** How a raw printer lays out what it renders: its printable width, and the logo printed above text receipts. */
    record Layout(int paperDots, Optional<Path> logo) {
        static Layout of(PrinterConfig c) {
            return new Layout(c.paperDots(), c.logo());
        }
    }

    private EscPos() {}

    /**
     * What a raw printer (socket, device file) does with a job: renders it and hands the bytes to
     * {@code send}, or fails the job when the document cannot be rendered; one place for both printers.
     */
    static PrintOutcome renderThen(PrintJob job, Layout layout, Function<byte[], PrintOutcome> send) {
        byte[] bytes;
        try {
            bytes = render(job.document(), layout);
        } catch (IllegalArgumentException e) {
            return new PrintOutcome.Failed("rejected format: " + e.getMessage());
        }
        return send.apply(bytes);
    }

    /** The bytes to send for {@code doc}: the logo is read when a receipt is rendered, so a new file takes effect at once. */
    static byte[] render(Document doc, Layout layout) {
        return switch (doc.kind()) {
            case RAW -> doc.content();
            case TEXT -> receipt(doc.text(), layout.logo().map(l -> logo(l, layout.paperDots())));
            case PDF -> raster(doc.content(), layout.paperDots());
        };
    }

    /** Init, the logo centred (GS v 0) if given, code page 852, the text line by line, feed, full cut. */
    static byte[] receipt(String text, Optional<BufferedImage> logo) {
        return write(escpos -> {
            escpos.initializePrinter();
            if (logo.isPresent()) {
                RasterBitImageWrapper centred = new RasterBitImageWrapper();
                centred.setJustification(EscPosConst.Justification.Center);
                escpos.write(centred, new EscPosImage(new CoffeeImageImpl(logo.get()), new BitonalThreshold()));
                escpos.feed(1);
            }
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

    /**
     * The logo in {@code file} (PNG, GIF, BMP or JPEG), scaled down to {@code paperDots} when wider;
     * an {@link IllegalArgumentException} naming the file when it cannot be used.
     */
    static BufferedImage logo(Path file, int paperDots) {
        try {
            long size = Files.size(file);
            if (size > LOGO_MAX_BYTES) throw new IllegalArgumentException("logo " + file + " is " + size + " bytes; at most " + LOGO_MAX_BYTES);
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) throw new IllegalArgumentException("logo " + file + " is not a PNG, GIF, BMP or JPEG image");
            if (image.getWidth() <= paperDots) return image;
            int height = Math.max(1, image.getHeight() * paperDots / image.getWidth());
            BufferedImage scaled = new BufferedImage(paperDots, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, paperDots, height, Color.WHITE, null);
            g.dispose();
            return scaled;
        } catch (IOException e) {
            throw new IllegalArgumentException("logo " + file + " cannot be read: " + e.getMessage());
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

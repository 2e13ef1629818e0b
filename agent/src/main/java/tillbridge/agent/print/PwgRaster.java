package tillbridge.agent.print;

import com.hp.jipp.encoding.Resolution;
import com.hp.jipp.encoding.ResolutionUnit;
import com.hp.jipp.model.PrintQuality;
import com.hp.jipp.pdl.ColorSpace;
import com.hp.jipp.pdl.OutputSettings;
import com.hp.jipp.pdl.RenderableDocument;
import com.hp.jipp.pdl.RenderablePage;
import com.hp.jipp.pdl.pwg.PwgSettings;
import com.hp.jipp.pdl.pwg.PwgWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A PDF rasterised page by page (Apache PDFBox) into PWG raster (jipp-pdl's {@link PwgWriter}), for
 * IPP printers that list {@code image/pwg-raster} but not {@code application/pdf} in
 * {@code document-format-supported}: the one format every IPP Everywhere printer takes.
 */
final class PwgRaster {
    static final String MEDIA_TYPE = "image/pwg-raster";
    /** Enough for tickets and A4 text; higher only when the printer lists nothing lower. */
    private static final int PREFERRED_DPI = 300;

    private PwgRaster() {}

    /**
     * The PWG raster of {@code pdf} in a type and resolution the printer lists
     * ({@code pwg-raster-document-type-supported}, {@code pwg-raster-document-resolution-supported}).
     *
     * @throws IllegalArgumentException the PDF cannot be read, or the printer takes none of the
     *     raster types written here ({@code sgray_8}, {@code srgb_8})
     */
    static byte[] fromPdf(byte[] pdf, List<String> types, List<Resolution> resolutions) {
        ColorSpace colors = types.contains("sgray_8") ? ColorSpace.Grayscale
                : types.contains("srgb_8") ? ColorSpace.Rgb
                : null;
        if (colors == null) {
            throw new IllegalArgumentException("the printer takes PWG raster only as " + String.join(", ", types) + "; sgray_8 or srgb_8 are written");
        }
        int dpi = dpi(resolutions);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PwgSettings settings = new PwgSettings(new OutputSettings(colors, "one-sided", "auto", PrintQuality.normal, false), "normal");
            try (PwgWriter writer = new PwgWriter(out, settings)) {
                writer.write(new Pages(d, dpi, colors));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("the PDF cannot be read: " + e.getMessage());
        }
    }

    /** 300 dpi when the printer lists it, else the lowest square dpi resolution it lists. */
    static int dpi(List<Resolution> resolutions) {
        List<Integer> square = resolutions.stream()
                .filter(r -> r.getUnit() == ResolutionUnit.dotsPerInch && r.getCrossFeedResolution() == r.getFeedResolution())
                .map(Resolution::getFeedResolution).sorted(Comparator.naturalOrder()).toList();
        if (square.isEmpty() || square.contains(PREFERRED_DPI)) return PREFERRED_DPI;
        return square.getFirst();
    }

    /** The PDF's pages, each rendered when the writer comes to it (one page image in memory at a time). */
    private static final class Pages extends RenderableDocument {
        private final PDDocument pdf;
        private final PDFRenderer renderer;
        private final int dpi;
        private final ColorSpace colors;

        Pages(PDDocument pdf, int dpi, ColorSpace colors) {
            this.pdf = pdf;
            this.renderer = new PDFRenderer(pdf);
            this.dpi = dpi;
            this.colors = colors;
        }

        @Override
        public int getDpi() {
            return dpi;
        }

        @Override
        public Iterator<RenderablePage> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < pdf.getNumberOfPages();
                }

                @Override
                public RenderablePage next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    try {
                        return new Page(renderer.renderImageWithDPI(next++, dpi, colors == ColorSpace.Grayscale ? ImageType.GRAY : ImageType.RGB));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }

    /** One rendered page, handed to the writer in swaths of rows. */
    private static final class Page extends RenderablePage {
        private final BufferedImage image;

        Page(BufferedImage image) {
            super(image.getWidth(), image.getHeight());
            this.image = image;
        }

        @Override
        public void render(int yOffset, int swathHeight, ColorSpace colorSpace, byte[] into) {
            int w = image.getWidth();
            int i = 0;
            for (int y = yOffset; y < yOffset + swathHeight; y++) {
                for (int x = 0; x < w; x++) {
                    if (colorSpace == ColorSpace.Grayscale) {
                        into[i++] = (byte) image.getRaster().getSample(x, y, 0); // the gray level as rendered, not colour-converted
                    } else {
                        int rgb = image.getRGB(x, y);
                        into[i++] = (byte) (rgb >> 16);
                        into[i++] = (byte) (rgb >> 8);
                        into[i++] = (byte) rgb;
                    }
                }
            }
        }
    }
}

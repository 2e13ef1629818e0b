package tillbridge.agent.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Small PDFs made on the spot. */
final class Pdfs {
    private Pdfs() {}

    /** One 80 mm wide page with a black bar across its top half. */
    static byte[] onePage() throws IOException {
        try (PDDocument d = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(226, 100));
            d.addPage(page);
            try (PDPageContentStream c = new PDPageContentStream(d, page)) {
                c.addRect(0, 50, 226, 50);
                c.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }
}

package tillbridge.protocol.message;

import java.util.List;

/**
 * Printing and graphics on the ECR's printer, initiated by the EFT (spec §9-10). Every body here
 * is a tillbridge definition (docs/protocol.md): no public source defines these bodies.
 */
public sealed interface Printing extends Message {
    /** D0: the ECR's answer to D1, D2, D3, D6, D9, DA; {@code result} 0 = done (codes: docs/protocol.md). */
    record Answer(int result, String message) implements Printing {
        public static final int OK = 0;
        /** tillbridge definition: refused (does not fit the printer, out of paper, printer error). */
        public static final int REFUSED = 1;
        /** tillbridge definition: the printer is taken by another printout. */
        public static final int BUSY = 993;
        /** No printer, or the request is not supported (frobd's code). */
        public static final int NOT_SUPPORTED = 999;

        public boolean ok() {
            return result == 0;
        }
    }

    /** D1: is the printer ready? Answered by D0. */
    record StatusQuery() implements Printing {}

    /** D2: claim the printer for a printout of about {@code lines} lines. */
    record Start(String title, java.util.OptionalInt lines) implements Printing {}

    /**
     * D6: lines to print, all with the same {@code attributes}: any of {@code W} double width,
     * {@code H} double height, {@code I} inverse, {@code B} bold, {@code C} centred.
     */
    record Content(String attributes, List<String> lines) implements Printing {
        public Content {
            lines = List.copyOf(lines);
            if (attributes == null || !attributes.matches("[WHIBC]*"))
                throw new IllegalArgumentException("D6 attributes must be letters of WHIBC, was " + attributes);
        }
    }

    /** D3: end of the printout; {@code cut} asks the ECR to cut the paper. */
    record End(boolean cut) implements Printing {}

    /** D7: is graphic {@code id} stored in the ECR? Answered by D8. */
    record GraphicQuery(int id) implements Printing {}

    /** D8. */
    record GraphicInfo(int id, boolean present, java.util.OptionalInt width, java.util.OptionalInt height) implements Printing {}

    /** D9: one part of graphic {@code id}, a 1-bit bitmap in rows of {@code width} pixels. */
    record GraphicStore(int id, int part, boolean last, int width, int height, String data) implements Printing {}

    /** DA. */
    record GraphicRemove(int id) implements Printing {}
}

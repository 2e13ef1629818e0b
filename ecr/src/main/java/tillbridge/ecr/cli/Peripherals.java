package tillbridge.ecr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tillbridge.ecr.NoticeListener;
import tillbridge.ecr.Receipt;
import tillbridge.ecr.ReceiptListener;

/** The CLI's printer (receipts on stdout or appended to a file) and its notice lines. */
final class Peripherals {
    private Peripherals() {}

    /**
     * Prints a receipt as a block: {@code receipt begin TITLE}, each line as {@code | TEXT} (centred
     * and double width rendered in 40 columns), {@code receipt end (cut)}.
     */
    static ReceiptListener printer(PrintWriter out, Path file) {
        return r -> {
            List<String> block = new ArrayList<>();
            block.add("receipt begin" + (r.title().isEmpty() ? "" : " " + r.title()));
            for (String line : r.text(Receipt.WIDTH)) block.add("| " + line);
            block.add("receipt end" + (r.cut() ? " (cut)" : ""));
            if (file == null) {
                synchronized (out) {
                    block.forEach(out::println);
                    out.flush();
                }
                return;
            }
            try {
                Files.write(file, block, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.println("receipt printed to " + file);
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
            }
        };
    }

    static NoticeListener notices(PrintWriter out) {
        return new NoticeListener() {
            @Override
            public void unavailable(int seconds, String reason) {
                out.println(seconds == 0 ? "terminal available again" : "terminal unavailable " + seconds + " s" + (reason.isEmpty() ? "" : ": " + reason));
                out.flush();
            }

            @Override
            public void event(int code, String text) {
                out.println("terminal event " + code + (text.isEmpty() ? "" : ": " + text));
                out.flush();
            }
        };
    }
}

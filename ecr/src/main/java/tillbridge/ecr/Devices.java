package tillbridge.ecr;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;

/**
 * What this ECR lends the terminal: its printer (D1-DA, to a {@link ReceiptListener}), its console
 * (K1-K9, to an {@link OperatorConsole}) and its ears for notices (L1, M1). Printing and notices
 * are handled on the session's loop; each console interaction runs on a console thread of its own
 * and posts its K0 back to the loop ({@link Loop.ConsoleDone}). Without a listener or console the
 * requests are answered "not supported" (999).
 */
final class Devices {
    /** D5 of an ECR with a printer: characters per line and limits checked here. */
    static final int CPL = Receipt.WIDTH;
    static final int CPL_DOUBLE = CPL / 2;
    static final int MAX_LINES = 500;
    static final int MAX_GRAPHICS = 16;
    static final int MAX_GRAPHIC_WIDTH = 384;
    static final int MAX_GRAPHIC_HEIGHT = 255;

    private record Graphic(int width, int height, StringBuilder data, int nextPart, boolean complete) {}

    private record Printout(String title, List<Receipt.Line> lines) {}

    private final Logger log;
    private final Consumer<Object> post;
    private volatile ReceiptListener receipts;
    private volatile OperatorConsole console;
    private volatile NoticeListener notices = NoticeListener.NONE;
    private final ExecutorService consoleThread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("ecr-console").factory());
    private final Map<Integer, Graphic> graphics = new HashMap<>();
    private Printout printout;
    private Future<?> interaction;
    private long serial;

    Devices(Consumer<Object> post, Logger log) {
        this.post = post;
        this.log = log;
    }

    void receipts(ReceiptListener l) {
        receipts = l;
    }

    void console(OperatorConsole c) {
        console = c;
    }

    void notices(NoticeListener l) {
        notices = l == null ? NoticeListener.NONE : l;
    }

    boolean hasPrinter() {
        return receipts != null;
    }

    boolean hasConsole() {
        return console != null;
    }

    // ---- printing, on the loop ----

    /** The answer (D0, D8) to a print request of the terminal. */
    Optional<Message> print(Printing p) {
        ReceiptListener l = receipts;
        return switch (p) {
            case Printing.Answer _, Printing.GraphicInfo _ -> Optional.empty();
            case Printing.GraphicQuery q -> {
                Graphic g = l == null ? null : graphics.get(q.id());
                yield Optional.of(g == null || !g.complete() ? new Printing.GraphicInfo(q.id(), false, OptionalInt.empty(), OptionalInt.empty())
                        : new Printing.GraphicInfo(q.id(), true, OptionalInt.of(g.width()), OptionalInt.of(g.height())));
            }
            default -> Optional.of(l == null ? d0(Printing.Answer.NOT_SUPPORTED, "no printer") : printWith(l, p));
        };
    }

    private Printing.Answer printWith(ReceiptListener l, Printing p) {
        switch (p) {
            case Printing.StatusQuery _ -> {
                return d0(Printing.Answer.OK, "printer ready");
            }
            case Printing.Start s -> {
                if (printout != null) return d0(Printing.Answer.BUSY, "a printout is already open");
                if (s.lines().isPresent() && s.lines().getAsInt() > MAX_LINES)
                    return d0(Printing.Answer.REFUSED, "printout of " + s.lines().getAsInt() + " lines, at most " + MAX_LINES);
                printout = new Printout(s.title(), new ArrayList<>());
                return d0(Printing.Answer.OK, "");
            }
            case Printing.Content c -> {
                if (printout == null) return d0(Printing.Answer.REFUSED, "no printout started (D2)");
                int width = c.attributes().indexOf('W') >= 0 ? CPL_DOUBLE : CPL;
                for (String line : c.lines())
                    if (line.length() > width) return d0(Printing.Answer.REFUSED, "line of " + line.length() + " characters, at most " + width);
                if (printout.lines().size() + c.lines().size() > MAX_LINES) return d0(Printing.Answer.REFUSED, "more than " + MAX_LINES + " lines");
                for (String line : c.lines()) printout.lines().add(new Receipt.Line(line, c.attributes()));
                return d0(Printing.Answer.OK, "");
            }
            case Printing.End e -> {
                if (printout == null) return d0(Printing.Answer.REFUSED, "no printout started (D2)");
                Receipt r = new Receipt(printout.title(), printout.lines(), e.cut());
                printout = null;
                try {
                    l.receipt(r);
                    return d0(Printing.Answer.OK, "");
                } catch (RuntimeException x) {
                    log.warn("receipt listener failed: {}", x.toString());
                    return d0(Printing.Answer.REFUSED, "printer error: " + x.getMessage());
                }
            }
            case Printing.GraphicStore g -> {
                return store(g);
            }
            case Printing.GraphicRemove r -> {
                graphics.remove(r.id());
                return d0(Printing.Answer.OK, "");
            }
            default -> {
                return d0(Printing.Answer.NOT_SUPPORTED, "not supported");
            }
        }
    }

    private Printing.Answer store(Printing.GraphicStore part) {
        Graphic g = graphics.get(part.id());
        if (part.part() == 1) {
            if (g == null && graphics.size() >= MAX_GRAPHICS) return d0(Printing.Answer.REFUSED, "no free graphic slot (" + MAX_GRAPHICS + ")");
            if (part.width() < 1 || part.width() > MAX_GRAPHIC_WIDTH || part.height() < 1 || part.height() > MAX_GRAPHIC_HEIGHT)
                return d0(Printing.Answer.REFUSED, "graphic of " + part.width() + "x" + part.height() + ", at most " + MAX_GRAPHIC_WIDTH + "x" + MAX_GRAPHIC_HEIGHT);
            g = new Graphic(part.width(), part.height(), new StringBuilder(), 1, false);
        } else if (g == null || g.complete() || g.nextPart() != part.part()) {
            graphics.remove(part.id());
            return d0(Printing.Answer.REFUSED, "part " + part.part() + " of graphic " + part.id() + " out of order");
        }
        g.data().append(part.data());
        int needed = (g.width() + 7) / 8 * g.height();
        if (g.data().length() / 2 > needed) {
            graphics.remove(part.id());
            return d0(Printing.Answer.REFUSED, "graphic " + part.id() + " has more than the " + needed + " bytes of " + g.width() + "x" + g.height());
        }
        if (part.last() && g.data().length() / 2 != needed) {
            graphics.remove(part.id());
            return d0(Printing.Answer.REFUSED, "graphic " + part.id() + " has " + g.data().length() / 2 + " bytes, " + needed + " needed");
        }
        graphics.put(part.id(), new Graphic(g.width(), g.height(), g.data(), part.part() + 1, part.last()));
        return d0(Printing.Answer.OK, "");
    }

    // ---- the console ----

    /** A console request: its K0 now, or empty when a console thread will post it. */
    Optional<Console.Result> console(String token, Console c) {
        OperatorConsole oc = console;
        switch (c) {
            case Console.Result _ -> {
                return Optional.empty();
            }
            case Console.Claim _ -> {
                if (oc == null) return Optional.of(new Console.Result(Console.Result.NOT_SUPPORTED, ""));
                consoleThread.execute(() -> quietly(oc::claimed));
                return Optional.of(Console.Result.ok(""));
            }
            case Console.Interrupt i -> {
                cancelInteraction();
                if (oc != null) consoleThread.execute(() -> quietly(() -> oc.ended(i.reason())));
                return Optional.of(Console.Result.ok(""));
            }
            default -> {
                if (oc == null) return Optional.of(new Console.Result(Console.Result.NOT_SUPPORTED, ""));
                if (interaction != null && !interaction.isDone()) return Optional.of(new Console.Result(Console.Result.BUSY, ""));
                long mine = ++serial;
                interaction = consoleThread.submit(() -> {
                    Console.Result r = interact(oc, c);
                    if (r != null) post.accept(new Loop.ConsoleDone(token, r, mine));
                });
                return Optional.empty();
            }
        }
    }

    /** The K0 of a finished interaction, unless a K2 cancelled it meanwhile. */
    Optional<Console.Result> done(Loop.ConsoleDone d) {
        if (d.serial() != serial) {
            log.info("operator answer to an interaction the terminal ended; dropped");
            return Optional.empty();
        }
        interaction = null;
        return Optional.of(d.result());
    }

    private void cancelInteraction() {
        if (interaction != null && !interaction.isDone()) {
            log.info("the terminal ended the console while the operator was being asked");
            interaction.cancel(true);
        }
        interaction = null;
        serial++;
    }

    /** Runs one interaction on the console thread; null when it was interrupted (K2). */
    private Console.Result interact(OperatorConsole oc, Console c) {
        try {
            return switch (c) {
                case Console.Display d -> {
                    oc.display(d.text(), d.seconds().orElse(0));
                    yield Console.Result.ok("");
                }
                case Console.Question q -> Console.Result.ok(oc.question(q.text()) ? "1" : "0");
                case Console.Menu m -> chosen(oc.menu(m.title(), m.items()), m.items().size());
                case Console.ValueList v -> chosen(oc.choose(v.title(), v.values()), v.values().size());
                case Console.Input in -> {
                    String text = ascii(oc.input(in.prompt(), in.minLength(), in.maxLength(), in.masked()));
                    if (text.length() < in.minLength() || text.length() > in.maxLength() || text.length() > 100) {
                        log.info("operator input of {} characters, {}-{} wanted: cancelled", text.length(), in.minLength(), in.maxLength());
                        yield new Console.Result(Console.Result.CANCELLED, "");
                    }
                    yield Console.Result.ok(text);
                }
                case Console.CardData k -> {
                    oc.card(k.prompt(), k.seconds().orElse(0));
                    yield Console.Result.ok("");
                }
                case Console.Sound s -> {
                    oc.sound(s.tone(), s.millis());
                    yield Console.Result.ok("");
                }
                default -> new Console.Result(Console.Result.NOT_SUPPORTED, "");
            };
        } catch (InterruptedException e) {
            return null;
        } catch (UnsupportedOperationException e) {
            return new Console.Result(Console.Result.NOT_SUPPORTED, "");
        } catch (OperatorConsole.Cancelled e) {
            return new Console.Result(Console.Result.CANCELLED, "");
        } catch (OperatorConsole.TimedOut e) {
            return new Console.Result(Console.Result.TIMEOUT, "");
        } catch (RuntimeException e) {
            log.warn("operator console failed: {}; answering cancelled", e.toString());
            return new Console.Result(Console.Result.CANCELLED, "");
        }
    }

    private static Console.Result chosen(int n, int of) {
        return n >= 1 && n <= of ? Console.Result.ok(Integer.toString(n)) : new Console.Result(Console.Result.CANCELLED, "");
    }

    // ---- notices, on the loop ----

    void notice(Notice n) {
        NoticeListener l = notices;
        try {
            switch (n) {
                case Notice.Unavailable u -> {
                    log.warn("terminal unavailable for {} s: {}", u.seconds(), u.reason());
                    l.unavailable(u.seconds(), u.reason());
                }
                case Notice.Event e -> {
                    log.info("terminal event {}: {}", e.event(), e.text());
                    l.event(e.event(), e.text());
                }
            }
        } catch (RuntimeException e) {
            log.warn("notice listener failed: {}", e.toString());
        }
    }

    void shutdown() {
        consoleThread.shutdownNow();
    }

    private void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("operator console failed: {}", e.toString());
        }
    }

    private static Printing.Answer d0(int result, String message) {
        return new Printing.Answer(result, ascii(message).length() <= 80 ? ascii(message) : ascii(message).substring(0, 77) + "...");
    }

    /** Printable ASCII, Polish and other accented letters without their marks. */
    static String ascii(String s) {
        String plain = Normalizer.normalize(s.replace('ł', 'l').replace('Ł', 'L'), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.replaceAll("[^\\x20-\\x7E]", "?");
    }
}

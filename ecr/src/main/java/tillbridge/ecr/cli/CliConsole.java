package tillbridge.ecr.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tillbridge.ecr.OperatorConsole;

/**
 * The CLI's operator console (docs/ecr.md): each interaction is printed on stdout as a
 * {@code console ...} line and answered from the next {@code --answer} given, else from a line
 * typed at the terminal. With no answer left and stdin not a terminal (or closed), the
 * interaction is answered "cancelled" (K0 1) at once, so a script never hangs. The answer
 * {@code cancel} cancels an interaction.
 */
final class CliConsole implements OperatorConsole {
    private static final String EOF = "\u0000eof";

    private final PrintWriter out;
    private final Deque<String> scripted;
    private final boolean interactive;
    private BlockingQueue<String> typed;

    CliConsole(PrintWriter out, List<String> answers, boolean interactive) {
        this.out = out;
        this.scripted = new ArrayDeque<>(answers);
        this.interactive = interactive;
    }

    /** True when stdin is an interactive terminal. */
    static boolean stdinIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void claimed() {
        print("console claimed by the terminal");
    }

    @Override
    public void ended(String reason) {
        print("console ended" + (reason.isEmpty() ? "" : ": " + reason));
    }

    @Override
    public void display(String text, int seconds) {
        print("console message " + text + (seconds > 0 ? " (" + seconds + " s)" : ""));
    }

    @Override
    public boolean question(String text) throws InterruptedException {
        print("console question " + text + " (yes/no)");
        for (;;) {
            String a = answer().toLowerCase(Locale.ROOT);
            switch (a) {
                case "y", "yes", "t", "tak", "1" -> {
                    return true;
                }
                case "n", "no", "nie", "0" -> {
                    return false;
                }
                default -> retry("answer yes or no");
            }
        }
    }

    @Override
    public int menu(String title, List<String> items) throws InterruptedException {
        return pick("menu", title, items);
    }

    @Override
    public int choose(String title, List<String> values) throws InterruptedException {
        return pick("list", title, values);
    }

    @Override
    public String input(String prompt, int min, int max, boolean masked) throws InterruptedException {
        print("console input " + prompt + " (" + (min == max ? min : min + "-" + max) + " characters" + (masked && interactive ? "; typing is not hidden" : "") + ")");
        for (;;) {
            String a = answer();
            if (a.length() >= min && a.length() <= max) return a;
            retry("type " + min + "-" + max + " characters");
        }
    }

    @Override
    public void card(String prompt, int seconds) throws InterruptedException {
        print("console card " + prompt + " (answer ok once the card was presented)");
        answer();
    }

    @Override
    public void sound(int tone, int millis) {
        print("console sound " + (tone == 1 ? "beep" : tone == 2 ? "success" : tone == 3 ? "error" : "tone " + tone) + " " + millis + " ms");
        if (interactive) {
            System.err.print('\u0007');
            System.err.flush();
        }
    }

    private int pick(String kind, String title, List<String> items) throws InterruptedException {
        print("console " + kind + " " + title);
        for (int i = 0; i < items.size(); i++) print("console item " + (i + 1) + " " + items.get(i));
        for (;;) {
            String a = answer();
            try {
                int n = Integer.parseInt(a);
                if (n >= 1 && n <= items.size()) return n;
            } catch (NumberFormatException e) {
                // asked again below
            }
            retry("answer a number from 1 to " + items.size());
        }
    }

    /** The next answer: scripted, else typed; "cancel", no answer or a closed stdin cancel the interaction. */
    private String answer() throws InterruptedException {
        String a = scripted.poll();
        if (a != null) {
            print("console answer " + a + " (scripted)");
        } else if (interactive) {
            out.print("> ");
            out.flush();
            a = typed().take();
            if (a == EOF) throw cancelled("stdin closed");
        } else {
            throw cancelled("no answer: no --answer left and stdin is not a terminal");
        }
        if (a.equalsIgnoreCase("cancel")) throw cancelled("cancelled by the operator");
        return a.strip();
    }

    private void retry(String what) {
        if (!interactive || !scripted.isEmpty()) throw cancelled("unusable answer: " + what);
        print("console " + what);
    }

    private Cancelled cancelled(String why) {
        print("console cancelled: " + why);
        return new Cancelled(why);
    }

    private synchronized BlockingQueue<String> typed() {
        if (typed == null) {
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().name("stdin").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, Optional.ofNullable(System.console())
                        .map(java.io.Console::charset).orElse(Charset.defaultCharset())))) {
                    for (String line; (line = r.readLine()) != null; ) q.add(line);
                } catch (IOException e) {
                    // treated as end of input
                }
                q.add(EOF);
            });
            typed = q;
        }
        return typed;
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}

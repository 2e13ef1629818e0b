package tillbridge.nexo;

import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.DisplayOutput;
import tillbridge.nexo.model.Nexo.DisplayRequest;
import tillbridge.nexo.model.Nexo.DisplayResponse;
import tillbridge.nexo.model.Nexo.Input;
import tillbridge.nexo.model.Nexo.InputRequest;
import tillbridge.nexo.model.Nexo.InputResponse;
import tillbridge.nexo.model.Nexo.InputResult;
import tillbridge.nexo.model.Nexo.OutputContent;
import tillbridge.nexo.model.Nexo.OutputResult;
import tillbridge.nexo.model.Nexo.OutputText;
import tillbridge.nexo.model.Nexo.PrintRequest;
import tillbridge.nexo.model.Nexo.PrintResponse;
import tillbridge.nexo.model.Nexo.Response;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.protocol.Wire;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Printing;

/**
 * The POI's device requests (nexo MessageClass Device: Display, Input, Print, sent by the POI to
 * the Sale system) as ECR-EFT console and print messages, and the ECR's answers (K0, D0) back as
 * nexo responses. Table "Device requests" in docs/nexo.md. Pure functions; wiring them to frob's
 * console/print flow waits for frob to take K* and D* from the terminal software (docs/nexo.md),
 * until then {@link #notSupported} answers the POI.
 */
public final class DeviceMapping {
    static final String CASHIER_DISPLAY = "CashierDisplay";
    static final String CASHIER_INPUT = "CashierInput";
    /** ECR-EFT's D6 takes at most this many lines per frame. */
    static final int D6_LINES = 20;

    private DeviceMapping() {}

    // ---- Display → K3

    /** DisplayRequest → one K3 per output for the cashier's display; outputs for the customer display stay on the POI. */
    public static List<Console.Display> display(DisplayRequest r) {
        List<Console.Display> out = new ArrayList<>();
        if (r == null || r.displayOutput() == null) return out;
        for (DisplayOutput d : r.displayOutput()) {
            if (!CASHIER_DISPLAY.equals(d.device())) continue;
            String text = joined(d.outputContent());
            if (text.isEmpty()) continue;
            OptionalInt seconds = d.minimumDisplayTime() == null || d.minimumDisplayTime() <= 0 ? OptionalInt.empty()
                    : OptionalInt.of(Math.min(9999, d.minimumDisplayTime()));
            out.add(new Console.Display(extended(text, 160), seconds));
        }
        return out;
    }

    /** K0 answers of the K3s → DisplayResponse: one OutputResult per output asked for. */
    public static DisplayResponse displayResponse(DisplayRequest r, Console.Result k0) {
        List<OutputResult> results = new ArrayList<>();
        for (DisplayOutput d : r.displayOutput()) results.add(new OutputResult(d.device(), d.infoQualify(),
                CASHIER_DISPLAY.equals(d.device()) ? response(k0) : Response.failure("NotAllowed", "message=customer display is the POI's own")));
        return new DisplayResponse(results);
    }

    // ---- Input → K4, K5, K7

    /**
     * InputRequest for the cashier → GetConfirmation: K4; GetMenuEntry: K5; TextString, DigitString,
     * Password: K7 (masked for Password or MaskCharactersFlag). Other commands (GetAnyKey,
     * GetFunctionKey, DecimalString, SiteManager, …) and customer input: empty.
     */
    public static Optional<Console> input(InputRequest r) {
        if (r == null || r.inputData() == null || !CASHIER_INPUT.equals(r.inputData().device())) return Optional.empty();
        var data = r.inputData();
        DisplayOutput d = r.displayOutput();
        String prompt = d == null ? "" : joined(d.outputContent());
        String command = data.inputCommand() == null ? "" : data.inputCommand();
        return switch (command) {
            case "GetConfirmation" -> Optional.of(new Console.Question(extended(prompt.isEmpty() ? "?" : prompt, 160)));
            case "GetMenuEntry" -> {
                List<String> items = new ArrayList<>();
                if (d != null && d.menuEntry() != null)
                    for (var e : d.menuEntry()) items.add(extended(joined(new OutputContent(e.outputFormat(), e.outputText())), 40));
                if (items.isEmpty() || items.size() > 20) yield Optional.empty();
                yield Optional.of(new Console.Menu(extended(prompt, 40), items));
            }
            case "TextString", "DigitString", "Password" -> {
                int min = data.minLength() == null ? 0 : Math.clamp(data.minLength(), 0, 100);
                int max = data.maxLength() == null ? 100 : Math.clamp(data.maxLength(), Math.max(1, min), 100);
                boolean masked = "Password".equals(command) || Boolean.TRUE.equals(data.maskCharacters());
                yield Optional.of(new Console.Input(extended(prompt.isEmpty() ? "Input" : prompt, 80), min, max, masked));
            }
            default -> Optional.empty();
        };
    }

    /** K0 → InputResponse: OK with the answer in the form the command asks for; cancel, timeout, busy, not supported as failures. */
    public static InputResponse inputResponse(InputRequest r, Console.Result k0) {
        String device = r.inputData().device();
        String qualify = r.inputData().infoQualify();
        String command = r.inputData().inputCommand();
        Response response = response(k0);
        Input input = null;
        if (response.succeeded()) {
            String out = k0.output() == null ? "" : k0.output();
            input = switch (command) {
                case "GetConfirmation" -> new Input(command, "1".equals(out), null, null, null);
                case "GetMenuEntry" -> new Input(command, null, null, null, List.of(parseInt(out)));
                case "DigitString" -> new Input(command, null, null, out, null);
                default -> new Input(command, null, out, null, null);
            };
        }
        OutputResult shown = r.displayOutput() == null ? null : new OutputResult(r.displayOutput().device(), r.displayOutput().infoQualify(), Response.success());
        return new InputResponse(shown, new InputResult(device, qualify, response, input));
    }

    // ---- Print → D2, D6…, D3

    /**
     * PrintRequest → D2 (title: the DocumentQualifier, lines: the count), D6 frames of at most 20
     * lines that share attributes (CharacterWidth DoubleWidth W, CharacterHeight DoubleHeight H,
     * CharacterStyle Bold B, Alignment Centred C), D3 with a cut.
     */
    public static List<Printing> print(PrintRequest r) {
        List<Printing> out = new ArrayList<>();
        OutputContent c = r == null || r.printOutput() == null ? null : r.printOutput().outputContent();
        List<OutputText> texts = c == null || c.outputText() == null ? List.of() : c.outputText();
        String title = r == null || r.printOutput() == null || r.printOutput().documentQualifier() == null ? "" : r.printOutput().documentQualifier();
        out.add(new Printing.Start(ascii(title, 40), texts.isEmpty() ? OptionalInt.empty() : OptionalInt.of(texts.size())));
        String attrs = null;
        List<String> lines = new ArrayList<>();
        for (OutputText t : texts) {
            String a = attributes(t);
            if (attrs != null && (!a.equals(attrs) || lines.size() == D6_LINES)) {
                out.add(new Printing.Content(attrs, lines));
                lines = new ArrayList<>();
            }
            attrs = a;
            lines.add(extended(t.text() == null ? "" : t.text(), 160));
        }
        if (!lines.isEmpty()) out.add(new Printing.Content(attrs, lines));
        out.add(new Printing.End(true));
        return out;
    }

    /** The D0 answers of a printout → PrintResponse: Success when every one was 0. */
    public static PrintResponse printResponse(PrintRequest r, List<Printing.Answer> answers) {
        String qualifier = r.printOutput() == null ? null : r.printOutput().documentQualifier();
        for (Printing.Answer a : answers)
            if (!a.ok()) return new PrintResponse(qualifier, Response.failure(a.result() == 999 ? "NotAllowed" : "UnavailableDevice",
                    "message=" + java.net.URLEncoder.encode("ECR printer: D0 " + a.result() + " " + a.message(), java.nio.charset.StandardCharsets.UTF_8)));
        return new PrintResponse(qualifier, Response.success());
    }

    // ---- answers while the ECR side cannot take them

    /**
     * The answer to a request of the POI that the Sale system cannot carry out (today: every
     * Display, Input, Print, because frob does not yet take console and print requests from the
     * terminal software): Failure NotAllowed. A Display without ResponseRequiredFlag and a Print with
     * ResponseMode NotRequired get no answer (null), as nexo says. Other requests: EventNotification is not answered; the rest get null too.
     */
    public static SaleToPOIResponse notSupported(SaleToPOIRequest r) {
        if (r == null || r.header() == null) return null;
        Response no = Response.failure("NotAllowed", "message=the sale system does not take this request");
        Nexo.MessageHeader h = r.header().response();
        if (r.display() != null) {
            boolean wanted = r.display().displayOutput() != null && r.display().displayOutput().stream().anyMatch(d -> Boolean.TRUE.equals(d.responseRequired()));
            if (!wanted) return null;
            List<OutputResult> results = new ArrayList<>();
            for (DisplayOutput d : r.display().displayOutput()) results.add(new OutputResult(d.device(), d.infoQualify(), no));
            return SaleToPOIResponse.display(h, new DisplayResponse(results));
        }
        if (r.input() != null) {
            var data = r.input().inputData();
            return SaleToPOIResponse.input(h, new InputResponse(null, new InputResult(data == null ? null : data.device(), data == null ? null : data.infoQualify(), no, null)));
        }
        if (r.print() != null) {
            if (r.print().printOutput() != null && "NotRequired".equals(r.print().printOutput().responseMode())) return null;
            return SaleToPOIResponse.print(h, new PrintResponse(r.print().printOutput() == null ? null : r.print().printOutput().documentQualifier(), no));
        }
        return null;
    }

    // ---- helpers

    static Response response(Console.Result k0) {
        return switch (k0.result()) {
            case Console.Result.OK -> Response.success();
            case Console.Result.CANCELLED -> Response.failure("Cancel", "message=cancelled by the cashier");
            case Console.Result.TIMEOUT -> Response.failure("Aborted", "message=no answer in time");
            case Console.Result.BUSY -> Response.failure("Busy", "message=the ECR console is busy");
            default -> Response.failure("NotAllowed", "message=the ECR does not support this");
        };
    }

    static String attributes(OutputText t) {
        StringBuilder a = new StringBuilder();
        if ("DoubleWidth".equals(t.characterWidth())) a.append('W');
        if ("DoubleHeight".equals(t.characterHeight())) a.append('H');
        if ("Bold".equals(t.characterStyle())) a.append('B');
        if ("Centred".equals(t.alignment())) a.append('C');
        return a.toString();
    }

    /** The texts of an output, one line each, joined by a space (ECR-EFT console text has no line breaks). */
    static String joined(OutputContent c) {
        if (c == null || c.outputText() == null) return "";
        List<String> parts = new ArrayList<>();
        for (OutputText t : c.outputText()) if (t.text() != null && !t.text().isBlank()) parts.add(t.text().strip());
        return String.join(" ", parts);
    }

    /** Extended text: no control characters, characters windows-1250 lacks become '?', at most {@code max} characters. */
    static String extended(String s, int max) {
        CharsetEncoder enc = Wire.EXTENDED_TEXT.newEncoder();
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (b.length() == max) break;
            b.append(ch < 0x20 || ch == 0x7F ? ' ' : enc.canEncode(ch) ? ch : '?');
        }
        return b.toString();
    }

    static String ascii(String s, int max) {
        String t = s.replaceAll("[^\\x20-\\x7E]", "?");
        return t.length() <= max ? t : t.substring(0, max);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.DisplayOutput;
import tillbridge.nexo.model.Nexo.DisplayRequest;
import tillbridge.nexo.model.Nexo.InputData;
import tillbridge.nexo.model.Nexo.InputRequest;
import tillbridge.nexo.model.Nexo.MenuEntry;
import tillbridge.nexo.model.Nexo.MessageHeader;
import tillbridge.nexo.model.Nexo.OutputContent;
import tillbridge.nexo.model.Nexo.OutputText;
import tillbridge.nexo.model.Nexo.PrintOutput;
import tillbridge.nexo.model.Nexo.PrintRequest;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Printing;

class DeviceMappingTest {
    static OutputContent text(String... lines) {
        List<OutputText> t = new ArrayList<>();
        for (String l : lines) t.add(OutputText.of(l));
        return new OutputContent("Text", t);
    }

    static DisplayOutput cashier(OutputContent c) {
        return new DisplayOutput("CashierDisplay", "Display", null, null, c, null);
    }

    static InputRequest input(String command, DisplayOutput prompt, Integer min, Integer max, Boolean mask) {
        return new InputRequest(prompt, new InputData("CashierInput", "Input", command, min, max, mask, null));
    }

    /** Every console and print message the mapping makes must encode within the ECR-EFT schema. */
    static void encodes(List<? extends Message> ms) {
        for (Message m : ms) Messages.encode("4E20", m);
    }

    @Test
    void displayForTheCashierBecomesK3AndForTheCustomerStaysOnThePoi() {
        var r = new DisplayRequest(List.of(
                new DisplayOutput("CashierDisplay", "Status", true, 5, text("Karta", "w\u0142o\u017cona \u2603"), null),
                new DisplayOutput("CustomerDisplay", "Status", true, 5, text("Insert card"), null)));
        List<Console.Display> k3 = DeviceMapping.display(r);
        assertThat(k3).containsExactly(new Console.Display("Karta w\u0142o\u017cona ?", OptionalInt.of(5)));
        encodes(k3);
        var answer = DeviceMapping.displayResponse(r, Console.Result.ok(""));
        assertThat(answer.outputResult()).extracting(o -> o.response().result()).containsExactly("Success", "Failure");
        assertThat(DeviceMapping.displayResponse(r, new Console.Result(Console.Result.BUSY, "")).outputResult().get(0).response().errorCondition()).isEqualTo("Busy");
    }

    @Test
    void longDisplayTextIsCutToTheK3Field() {
        var k3 = DeviceMapping.display(new DisplayRequest(List.of(cashier(text("x".repeat(300))))));
        assertThat(k3.get(0).text()).hasSize(160);
        assertThat(k3.get(0).seconds()).isEmpty();
        encodes(k3);
    }

    @Test
    void inputCommandsBecomeK4K5K7() {
        assertThat(DeviceMapping.input(input("GetConfirmation", cashier(text("Signature OK?")), null, null, null)))
                .contains(new Console.Question("Signature OK?"));
        var menu = new DisplayOutput("CashierDisplay", "Display", null, null, text("Choose"),
                List.of(new MenuEntry("Text", List.of(OutputText.of("Credit"))), new MenuEntry("Text", List.of(OutputText.of("Debit")))));
        assertThat(DeviceMapping.input(input("GetMenuEntry", menu, null, null, null))).contains(new Console.Menu("Choose", List.of("Credit", "Debit")));
        assertThat(DeviceMapping.input(input("DigitString", cashier(text("Last 4 digits")), 4, 4, null)))
                .contains(new Console.Input("Last 4 digits", 4, 4, false));
        assertThat(DeviceMapping.input(input("TextString", cashier(text("Name")), null, 500, true)))
                .contains(new Console.Input("Name", 0, 100, true));
        assertThat(DeviceMapping.input(input("Password", null, 4, 12, null))).contains(new Console.Input("Input", 4, 12, true));
        assertThat(DeviceMapping.input(input("GetAnyKey", cashier(text("Press a key")), null, null, null))).isEmpty();
        assertThat(DeviceMapping.input(new InputRequest(null, new InputData("CustomerInput", "Input", "TextString", null, null, null, null)))).isEmpty();
        encodes(List.of(DeviceMapping.input(input("GetMenuEntry", menu, null, null, null)).orElseThrow(),
                DeviceMapping.input(input("TextString", cashier(text("Name")), null, 500, true)).orElseThrow()));
    }

    @Test
    void k0AnswersBecomeInputResponses() {
        var yes = DeviceMapping.inputResponse(input("GetConfirmation", cashier(text("?")), null, null, null), Console.Result.ok("1"));
        assertThat(yes.inputResult().input().confirmed()).isTrue();
        assertThat(yes.outputResult().response().result()).isEqualTo("Success");
        var no = DeviceMapping.inputResponse(input("GetConfirmation", cashier(text("?")), null, null, null), Console.Result.ok("0"));
        assertThat(no.inputResult().input().confirmed()).isFalse();
        var menu = DeviceMapping.inputResponse(input("GetMenuEntry", cashier(text("?")), null, null, null), Console.Result.ok("2"));
        assertThat(menu.inputResult().input().menuEntryNumber()).containsExactly(2);
        var digits = DeviceMapping.inputResponse(input("DigitString", null, null, null, null), Console.Result.ok("1234"));
        assertThat(digits.inputResult().input().digitInput()).isEqualTo("1234");
        var text = DeviceMapping.inputResponse(input("TextString", null, null, null, null), Console.Result.ok("abc"));
        assertThat(text.inputResult().input().textInput()).isEqualTo("abc");
        var cancelled = DeviceMapping.inputResponse(input("TextString", null, null, null, null), new Console.Result(Console.Result.CANCELLED, ""));
        assertThat(cancelled.inputResult().response().errorCondition()).isEqualTo("Cancel");
        assertThat(cancelled.inputResult().input()).isNull();
        var timeout = DeviceMapping.inputResponse(input("TextString", null, null, null, null), new Console.Result(Console.Result.TIMEOUT, ""));
        assertThat(timeout.inputResult().response().errorCondition()).isEqualTo("Aborted");
        var unsupported = DeviceMapping.inputResponse(input("TextString", null, null, null, null), new Console.Result(999, ""));
        assertThat(unsupported.inputResult().response().errorCondition()).isEqualTo("NotAllowed");
    }

    @Test
    void printoutsBecomeD2ThenD6FramesOfAtMost20LinesWithSharedAttributesThenD3() {
        List<OutputText> lines = new ArrayList<>();
        lines.add(new OutputText("SHOP", "DoubleWidth", "DoubleHeight", "Bold", "Centred", true));
        for (int i = 1; i <= 25; i++) lines.add(OutputText.of("line " + i));
        lines.add(new OutputText("TOTAL", null, null, "Bold", null, true));
        var r = new PrintRequest(new PrintOutput("CustomerReceipt", "PrintEnd", new OutputContent("Text", lines)));
        List<Printing> out = DeviceMapping.print(r);
        assertThat(out.get(0)).isEqualTo(new Printing.Start("CustomerReceipt", OptionalInt.of(27)));
        assertThat(out.get(1)).isEqualTo(new Printing.Content("WHBC", List.of("SHOP")));
        assertThat(((Printing.Content) out.get(2)).lines()).hasSize(20).startsWith("line 1");
        assertThat(((Printing.Content) out.get(3)).lines()).containsExactly("line 21", "line 22", "line 23", "line 24", "line 25");
        assertThat(out.get(4)).isEqualTo(new Printing.Content("B", List.of("TOTAL")));
        assertThat(out.get(5)).isEqualTo(new Printing.End(true));
        assertThat(out).hasSize(6);
        encodes(out);
        assertThat(DeviceMapping.print(new PrintRequest(new PrintOutput(null, null, null)))).containsExactly(
                new Printing.Start("", OptionalInt.empty()), new Printing.End(true));
    }

    @Test
    void d0AnswersBecomeAPrintResponse() {
        var r = new PrintRequest(new PrintOutput("CashierReceipt", "PrintEnd", text("x")));
        assertThat(DeviceMapping.printResponse(r, List.of(new Printing.Answer(0, ""), new Printing.Answer(0, ""))).response().result()).isEqualTo("Success");
        var failed = DeviceMapping.printResponse(r, List.of(new Printing.Answer(0, ""), new Printing.Answer(3, "paper out")));
        assertThat(failed.response().errorCondition()).isEqualTo("UnavailableDevice");
        assertThat(Mapping.detail(failed.response().additionalResponse())).isEqualTo("ECR printer: D0 3 paper out");
        assertThat(DeviceMapping.printResponse(r, List.of(new Printing.Answer(999, ""))).response().errorCondition()).isEqualTo("NotAllowed");
    }

    @Test
    void whileFrobCannotTakeThemTheyAreRefusedWhereNexoWantsAnAnswer() {
        MessageHeader h = new MessageHeader("3.0", "Device", "Display", "Request", "D1", "KASA-01", "POI-7");
        var wanted = DeviceMapping.notSupported(Nexo.SaleToPOIRequest.display(h, new DisplayRequest(List.of(
                new DisplayOutput("CashierDisplay", "Status", true, null, text("hi"), null)))));
        assertThat(wanted.header().messageType()).isEqualTo("Response");
        assertThat(wanted.display().outputResult().get(0).response().errorCondition()).isEqualTo("NotAllowed");
        assertThat(DeviceMapping.notSupported(Nexo.SaleToPOIRequest.display(h, new DisplayRequest(List.of(cashier(text("hi"))))))).isNull();
        var in = DeviceMapping.notSupported(Nexo.SaleToPOIRequest.input(h, input("TextString", null, null, null, null)));
        assertThat(in.input().inputResult().response().result()).isEqualTo("Failure");
        var print = DeviceMapping.notSupported(Nexo.SaleToPOIRequest.print(h, new PrintRequest(new PrintOutput("CashierReceipt", "PrintEnd", text("x")))));
        assertThat(print.print().response().errorCondition()).isEqualTo("NotAllowed");
        assertThat(DeviceMapping.notSupported(Nexo.SaleToPOIRequest.print(h, new PrintRequest(new PrintOutput("CashierReceipt", "NotRequired", text("x")))))).isNull();
    }
}

package tillbridge.protocol.message;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One sample record of every message type in the table, with each field holding a value worth round-tripping. */
public final class Samples {
    public static final Sale.Start S1 = new Sale.Start(Sale.SALE, "KASA-01", "PAR/2024/000123", 12345, 10037, 2308, "PLN", 0, OptionalLong.empty());
    public static final Sale.Start S1_CASHBACK = new Sale.Start(Sale.SALE, "KASA-01", "PAR/2024/000124", 4999, 4064, 935, "PLN", 5000, OptionalLong.of(30000));
    public static final Sale.End S2 = new Sale.End(OptionalInt.of(0), "0B30557A9FC4E90E", "000123456789", "T0001234", "240520123456",
            OptionalLong.of(12345), OptionalLong.of(0), "VISA", "TRANSAKCJA ZAAKCEPTOWANA", "411111******1111", "A1B2C3");
    public static final Sale.Status I1 = new Sale.Status(Sale.Status.WAITING_FOR_CARD, "PROSZE WLOZYC KARTE");
    public static final Printing.Answer D0_OK = new Printing.Answer(0, "");
    public static final Printing.Answer D0_NO = new Printing.Answer(1, "BRAK PAPIERU");
    public static final Printing.GraphicStore D9_PART = new Printing.GraphicStore(7, 1, false, 16, 2, "FFFF0000");
    public static final Printing.GraphicStore D9_LAST = new Printing.GraphicStore(7, 2, true, 16, 2, "AAAA5555");
    public static final Console.Result K0_OK = Console.Result.ok("");
    public static final Console.Result K0_NO = new Console.Result(Console.Result.BUSY, "");
    public static final Keys.PairingAnswer B2_OK = new Keys.PairingAnswer("170", "ACME", "PINPAD", "00012345", OptionalInt.of(0), "C3073C71", "010001");
    public static final Keys.PairingAnswer B2_NO = new Keys.PairingAnswer("170", "ACME", "PINPAD", "00012345", OptionalInt.of(999), "", "");
    public static final Keys.Exchange B3 = new Keys.Exchange("65829FBCD9F613304D6A87A4C1DEFB18", "A1B2C3");

    private Samples() {}

    /** One message of every type, in the table's order. */
    public static List<Message> everyType() {
        return List.of(
                new CommTest.Query(),
                new CommTest.Answer("170", "ACME", "PINPAD", "00012345"),
                new Versions.Inquiry(),
                new Versions.Proposal(List.of("160", "170")),
                new Versions.Selection("170"),
                new DeviceParams.Request(),
                new DeviceParams.Answer(OptionalInt.of(48), OptionalInt.of(24), OptionalInt.of(12), OptionalInt.empty(),
                        true, false, true, OptionalInt.of(20), OptionalInt.of(100), OptionalInt.of(4), OptionalInt.of(384),
                        OptionalInt.of(200), OptionalInt.of(100), OptionalInt.of(999), OptionalInt.of(2), OptionalInt.of(16),
                        List.of("OK", "STOP", "KOR", "<-", "DEL", "^", "v", "<", ">"), 0, false, true, true, false),
                S1_CASHBACK,
                S2,
                new Sale.Abort(),
                I1,
                new App.Start(),
                new App.Ack(0, "OK"),
                D0_NO,
                new Printing.StatusQuery(),
                new Printing.Start("PARAGON", OptionalInt.of(30)),
                new Printing.Content("WH", List.of("ZAPŁACONO KARTĄ", "", "DZIĘKUJEMY")),
                new Printing.End(true),
                new Printing.GraphicQuery(7),
                new Printing.GraphicInfo(7, true, OptionalInt.of(384), OptionalInt.of(120)),
                D9_LAST,
                new Printing.GraphicRemove(7),
                new Console.Result(Console.Result.OK, "1234"),
                new Console.Claim(),
                new Console.Interrupt("KONIEC"),
                new Console.Display("Proszę czekać", OptionalInt.of(5)),
                new Console.Question("Wydrukować kopię?"),
                new Console.Menu("MENU", List.of("Sprzedaż", "Zwrot", "Raport")),
                new Console.ValueList("KWOTA", List.of("10", "20", "50")),
                new Console.Input("Podaj kod", 4, 8, true),
                new Console.CardData("Zbliż kartę", OptionalInt.of(30)),
                new Console.Sound(2, 250),
                new Notice.Unavailable(120, "AKTUALIZACJA"),
                new Notice.Event(42, "KONIEC DNIA"),
                new Keys.PairingRequest("170", "ACME", "KASA", "ABC12345678"),
                B2_OK,
                B3,
                new Keys.ExchangeAck(OptionalInt.of(0)));
    }
}

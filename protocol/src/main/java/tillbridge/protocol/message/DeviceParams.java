package tillbridge.protocol.message;

import java.util.List;
import java.util.OptionalInt;

/** Device parameters, spec §8: {@code D4 D5}. */
public sealed interface DeviceParams extends Message {
    /** D4. */
    record Request() implements DeviceParams {}

    /**
     * D5, 22 fields (docs/protocol.md). {@code keyNames} are the labels of Enter, Cancel, Check,
     * Backspace, Delete, Up, Down, Left, Right; {@code topology} 0 = ECR, 1-3 = EFT variants.
     */
    record Answer(
            OptionalInt printerCpl, OptionalInt printerCpl2x, OptionalInt printerCpl4x, OptionalInt printerCplHeader,
            boolean doubleHeight, boolean quadrupleHeight, boolean inverse,
            OptionalInt maxBarcodeLength, OptionalInt maxQrcodeLength,
            OptionalInt maxBitmapCount, OptionalInt maxBitmapWidth, OptionalInt maxBitmapHeight,
            OptionalInt aspectRatio, OptionalInt bufferMaxLines,
            OptionalInt displayLines, OptionalInt displayCpl,
            List<String> keyNames, int topology,
            boolean nfc, boolean chipReader, boolean stripeReader, boolean barcodeReader) implements DeviceParams {
        public Answer {
            keyNames = List.copyOf(keyNames);
        }
    }
}

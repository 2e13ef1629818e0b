package tillbridge.nexo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * The part of the nexo Retailer SaleToPOI message set (protocol version 3.0, JSON as in Adyen's
 * Terminal API) that nexo-proxy maps, as plain records. Only the fields of the mapping table in
 * docs/nexo.md are here; unknown fields are ignored when reading, and absent (null) fields are left
 * out when writing. Element names are nexo's, exactly (e.g. {@code POIID}, {@code ServiceID}).
 * Enumerated values are strings with their nexo spelling; the constants below name those used.
 */
public final class Nexo {
    private Nexo() {}

    public static final String PROTOCOL_VERSION = "3.0";

    // MessageClass
    public static final String SERVICE = "Service";
    public static final String DEVICE = "Device";
    public static final String EVENT = "Event";
    // MessageType
    public static final String REQUEST = "Request";
    public static final String RESPONSE = "Response";
    public static final String NOTIFICATION = "Notification";
    // MessageCategory
    public static final String PAYMENT = "Payment";
    public static final String ABORT = "Abort";
    public static final String TRANSACTION_STATUS = "TransactionStatus";
    public static final String LOGIN = "Login";
    public static final String LOGOUT = "Logout";
    public static final String DISPLAY = "Display";
    public static final String INPUT = "Input";
    public static final String PRINT = "Print";
    // Result
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";
    public static final String PARTIAL = "Partial";

    /** The JSON document of a request: {@code {"SaleToPOIRequest":{…}}}. */
    public record RequestEnvelope(@JsonProperty("SaleToPOIRequest") SaleToPOIRequest request) {}

    /** The JSON document of a response: {@code {"SaleToPOIResponse":{…}}}. A POI may answer with a request envelope instead (an EventNotification Reject). */
    public record ResponseEnvelope(@JsonProperty("SaleToPOIResponse") SaleToPOIResponse response,
                                   @JsonProperty("SaleToPOIRequest") SaleToPOIRequest request) {
        public static ResponseEnvelope of(SaleToPOIResponse r) {
            return new ResponseEnvelope(r, null);
        }
    }

    public record SaleToPOIRequest(
            @JsonProperty("MessageHeader") MessageHeader header,
            @JsonProperty("PaymentRequest") PaymentRequest payment,
            @JsonProperty("AbortRequest") AbortRequest abort,
            @JsonProperty("TransactionStatusRequest") TransactionStatusRequest transactionStatus,
            @JsonProperty("LoginRequest") LoginRequest login,
            @JsonProperty("LogoutRequest") LogoutRequest logout,
            @JsonProperty("DisplayRequest") DisplayRequest display,
            @JsonProperty("InputRequest") InputRequest input,
            @JsonProperty("PrintRequest") PrintRequest print,
            @JsonProperty("EventNotification") EventNotification event) {
        public static SaleToPOIRequest payment(MessageHeader h, PaymentRequest r) {
            return new SaleToPOIRequest(h, r, null, null, null, null, null, null, null, null);
        }

        public static SaleToPOIRequest abort(MessageHeader h, AbortRequest r) {
            return new SaleToPOIRequest(h, null, r, null, null, null, null, null, null, null);
        }

        public static SaleToPOIRequest transactionStatus(MessageHeader h, TransactionStatusRequest r) {
            return new SaleToPOIRequest(h, null, null, r, null, null, null, null, null, null);
        }

        public static SaleToPOIRequest login(MessageHeader h, LoginRequest r) {
            return new SaleToPOIRequest(h, null, null, null, r, null, null, null, null, null);
        }

        public static SaleToPOIRequest logout(MessageHeader h, LogoutRequest r) {
            return new SaleToPOIRequest(h, null, null, null, null, r, null, null, null, null);
        }

        public static SaleToPOIRequest display(MessageHeader h, DisplayRequest r) {
            return new SaleToPOIRequest(h, null, null, null, null, null, r, null, null, null);
        }

        public static SaleToPOIRequest input(MessageHeader h, InputRequest r) {
            return new SaleToPOIRequest(h, null, null, null, null, null, null, r, null, null);
        }

        public static SaleToPOIRequest print(MessageHeader h, PrintRequest r) {
            return new SaleToPOIRequest(h, null, null, null, null, null, null, null, r, null);
        }

        public static SaleToPOIRequest event(MessageHeader h, EventNotification e) {
            return new SaleToPOIRequest(h, null, null, null, null, null, null, null, null, e);
        }
    }

    public record SaleToPOIResponse(
            @JsonProperty("MessageHeader") MessageHeader header,
            @JsonProperty("PaymentResponse") PaymentResponse payment,
            @JsonProperty("TransactionStatusResponse") TransactionStatusResponse transactionStatus,
            @JsonProperty("LoginResponse") LoginResponse login,
            @JsonProperty("LogoutResponse") LogoutResponse logout,
            @JsonProperty("DisplayResponse") DisplayResponse display,
            @JsonProperty("InputResponse") InputResponse input,
            @JsonProperty("PrintResponse") PrintResponse print) {
        public static SaleToPOIResponse payment(MessageHeader h, PaymentResponse r) {
            return new SaleToPOIResponse(h, r, null, null, null, null, null, null);
        }

        public static SaleToPOIResponse transactionStatus(MessageHeader h, TransactionStatusResponse r) {
            return new SaleToPOIResponse(h, null, r, null, null, null, null, null);
        }

        public static SaleToPOIResponse login(MessageHeader h, LoginResponse r) {
            return new SaleToPOIResponse(h, null, null, r, null, null, null, null);
        }

        public static SaleToPOIResponse logout(MessageHeader h, LogoutResponse r) {
            return new SaleToPOIResponse(h, null, null, null, r, null, null, null);
        }

        public static SaleToPOIResponse display(MessageHeader h, DisplayResponse r) {
            return new SaleToPOIResponse(h, null, null, null, null, r, null, null);
        }

        public static SaleToPOIResponse input(MessageHeader h, InputResponse r) {
            return new SaleToPOIResponse(h, null, null, null, null, null, r, null);
        }

        public static SaleToPOIResponse print(MessageHeader h, PrintResponse r) {
            return new SaleToPOIResponse(h, null, null, null, null, null, null, r);
        }
    }

    public record MessageHeader(
            @JsonProperty("ProtocolVersion") String protocolVersion,
            @JsonProperty("MessageClass") String messageClass,
            @JsonProperty("MessageCategory") String messageCategory,
            @JsonProperty("MessageType") String messageType,
            @JsonProperty("ServiceID") String serviceId,
            @JsonProperty("SaleID") String saleId,
            @JsonProperty("POIID") String poiId) {
        /** The header of the response to a request with this header: same ids and category, type Response. */
        public MessageHeader response() {
            return new MessageHeader(protocolVersion, messageClass, messageCategory, RESPONSE, serviceId, saleId, poiId);
        }
    }

    public record MessageReference(
            @JsonProperty("MessageCategory") String messageCategory,
            @JsonProperty("ServiceID") String serviceId,
            @JsonProperty("SaleID") String saleId,
            @JsonProperty("POIID") String poiId) {}

    public record Response(
            @JsonProperty("Result") String result,
            @JsonProperty("ErrorCondition") String errorCondition,
            @JsonProperty("AdditionalResponse") String additionalResponse) {
        public static Response success() {
            return new Response(SUCCESS, null, null);
        }

        public static Response failure(String errorCondition, String additional) {
            return new Response(FAILURE, errorCondition, additional);
        }

        public boolean succeeded() {
            return SUCCESS.equals(result);
        }
    }

    public record TransactionIdentification(
            @JsonProperty("TransactionID") String transactionId,
            @JsonProperty("TimeStamp") String timeStamp) {}

    // ---- Payment

    public record PaymentRequest(
            @JsonProperty("SaleData") SaleData saleData,
            @JsonProperty("PaymentTransaction") PaymentTransaction paymentTransaction) {}

    public record SaleData(@JsonProperty("SaleTransactionID") TransactionIdentification saleTransactionId) {}

    public record PaymentTransaction(@JsonProperty("AmountsReq") AmountsReq amountsReq) {}

    public record AmountsReq(
            @JsonProperty("Currency") String currency,
            @JsonProperty("RequestedAmount") BigDecimal requestedAmount,
            @JsonProperty("CashBackAmount") BigDecimal cashBackAmount) {}

    public record PaymentResponse(
            @JsonProperty("Response") Response response,
            @JsonProperty("SaleData") SaleData saleData,
            @JsonProperty("POIData") POIData poiData,
            @JsonProperty("PaymentResult") PaymentResult paymentResult) {}

    public record POIData(@JsonProperty("POITransactionID") TransactionIdentification poiTransactionId) {}

    public record PaymentResult(
            @JsonProperty("PaymentInstrumentData") PaymentInstrumentData paymentInstrumentData,
            @JsonProperty("AmountsResp") AmountsResp amountsResp,
            @JsonProperty("PaymentAcquirerData") PaymentAcquirerData paymentAcquirerData) {}

    public record PaymentInstrumentData(@JsonProperty("CardData") CardData cardData) {}

    /** Only the masked PAN is ever read; nexo's SensitiveCardData is not part of this model. */
    public record CardData(
            @JsonProperty("PaymentBrand") String paymentBrand,
            @JsonProperty("MaskedPan") String maskedPan) {}

    public record AmountsResp(
            @JsonProperty("Currency") String currency,
            @JsonProperty("AuthorizedAmount") BigDecimal authorizedAmount,
            @JsonProperty("CashBackAmount") BigDecimal cashBackAmount) {}

    public record PaymentAcquirerData(
            @JsonProperty("AcquirerID") String acquirerId,
            @JsonProperty("MerchantID") String merchantId,
            @JsonProperty("ApprovalCode") String approvalCode) {}

    // ---- Abort, TransactionStatus

    public record AbortRequest(
            @JsonProperty("MessageReference") MessageReference messageReference,
            @JsonProperty("AbortReason") String abortReason) {}

    public record TransactionStatusRequest(@JsonProperty("MessageReference") MessageReference messageReference) {}

    public record TransactionStatusResponse(
            @JsonProperty("Response") Response response,
            @JsonProperty("MessageReference") MessageReference messageReference,
            @JsonProperty("RepeatedMessageResponse") RepeatedMessageResponse repeatedMessageResponse) {}

    public record RepeatedMessageResponse(
            @JsonProperty("MessageHeader") MessageHeader header,
            @JsonProperty("RepeatedResponseMessageBody") RepeatedResponseMessageBody body) {}

    public record RepeatedResponseMessageBody(@JsonProperty("PaymentResponse") PaymentResponse payment) {}

    // ---- Login, Logout

    public record LoginRequest(
            @JsonProperty("DateTime") String dateTime,
            @JsonProperty("SaleSoftware") SaleSoftware saleSoftware,
            @JsonProperty("OperatorLanguage") String operatorLanguage) {}

    public record SaleSoftware(
            @JsonProperty("ManufacturerID") String manufacturerId,
            @JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("SoftwareVersion") String softwareVersion,
            @JsonProperty("CertificationCode") String certificationCode) {}

    public record LoginResponse(@JsonProperty("Response") Response response) {}

    public record LogoutRequest(@JsonProperty("MaintenanceAllowed") Boolean maintenanceAllowed) {}

    public record LogoutResponse(@JsonProperty("Response") Response response) {}

    // ---- Device: Display, Input, Print (from the POI to the Sale system)

    public record DisplayRequest(@JsonProperty("DisplayOutput") List<DisplayOutput> displayOutput) {}

    public record DisplayOutput(
            @JsonProperty("Device") String device,
            @JsonProperty("InfoQualify") String infoQualify,
            @JsonProperty("ResponseRequiredFlag") Boolean responseRequired,
            @JsonProperty("MinimumDisplayTime") Integer minimumDisplayTime,
            @JsonProperty("OutputContent") OutputContent outputContent,
            @JsonProperty("MenuEntry") List<MenuEntry> menuEntry) {}

    public record OutputContent(
            @JsonProperty("OutputFormat") String outputFormat,
            @JsonProperty("OutputText") List<OutputText> outputText) {}

    public record OutputText(
            @JsonProperty("Text") String text,
            @JsonProperty("CharacterWidth") String characterWidth,
            @JsonProperty("CharacterHeight") String characterHeight,
            @JsonProperty("CharacterStyle") String characterStyle,
            @JsonProperty("Alignment") String alignment,
            @JsonProperty("EndOfLineFlag") Boolean endOfLine) {
        public static OutputText of(String text) {
            return new OutputText(text, null, null, null, null, null);
        }
    }

    public record MenuEntry(
            @JsonProperty("OutputFormat") String outputFormat,
            @JsonProperty("OutputText") List<OutputText> outputText) {}

    public record DisplayResponse(@JsonProperty("OutputResult") List<OutputResult> outputResult) {}

    public record OutputResult(
            @JsonProperty("Device") String device,
            @JsonProperty("InfoQualify") String infoQualify,
            @JsonProperty("Response") Response response) {}

    public record InputRequest(
            @JsonProperty("DisplayOutput") DisplayOutput displayOutput,
            @JsonProperty("InputData") InputData inputData) {}

    public record InputData(
            @JsonProperty("Device") String device,
            @JsonProperty("InfoQualify") String infoQualify,
            @JsonProperty("InputCommand") String inputCommand,
            @JsonProperty("MinLength") Integer minLength,
            @JsonProperty("MaxLength") Integer maxLength,
            @JsonProperty("MaskCharactersFlag") Boolean maskCharacters,
            @JsonProperty("MaxInputTime") Integer maxInputTime) {}

    public record InputResponse(
            @JsonProperty("OutputResult") OutputResult outputResult,
            @JsonProperty("InputResult") InputResult inputResult) {}

    public record InputResult(
            @JsonProperty("Device") String device,
            @JsonProperty("InfoQualify") String infoQualify,
            @JsonProperty("Response") Response response,
            @JsonProperty("Input") Input input) {}

    public record Input(
            @JsonProperty("InputCommand") String inputCommand,
            @JsonProperty("ConfirmedFlag") Boolean confirmed,
            @JsonProperty("TextInput") String textInput,
            @JsonProperty("DigitInput") String digitInput,
            @JsonProperty("MenuEntryNumber") List<Integer> menuEntryNumber) {}

    public record PrintRequest(@JsonProperty("PrintOutput") PrintOutput printOutput) {}

    public record PrintOutput(
            @JsonProperty("DocumentQualifier") String documentQualifier,
            @JsonProperty("ResponseMode") String responseMode,
            @JsonProperty("OutputContent") OutputContent outputContent) {}

    public record PrintResponse(
            @JsonProperty("DocumentQualifier") String documentQualifier,
            @JsonProperty("Response") Response response) {}

    // ---- Event

    /** What a POI may answer instead of a response, e.g. EventToNotify {@code Reject} for a request it could not parse. */
    public record EventNotification(
            @JsonProperty("EventToNotify") String eventToNotify,
            @JsonProperty("EventDetails") String eventDetails,
            @JsonProperty("TimeStamp") String timeStamp) {}
}

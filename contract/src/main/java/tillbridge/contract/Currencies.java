package tillbridge.contract;

import java.util.Set;

/**
 * The ISO 4217 currencies in use as money (the standard's list one, 2026): no fund codes (BOV,
 * CLF, USN, …), no precious metals, test or "no currency" codes (XAU, XTS, XXX, …), no withdrawn
 * ones (HRK, CUC, SLL, ANG, ZWL, BGN after the euro). An explicit table rather than
 * {@code java.util.Currency}, whose list keeps historical codes and changes with the JDK.
 */
public final class Currencies {
    private static final Set<String> ACTIVE = Set.of((
            "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD "
            + "CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP "
            + "GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD "
            + "KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN "
            + "NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP "
            + "SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES "
            + "VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG").split(" "));

    private Currencies() {}

    public static boolean isActive(String code) {
        return ACTIVE.contains(code);
    }
}

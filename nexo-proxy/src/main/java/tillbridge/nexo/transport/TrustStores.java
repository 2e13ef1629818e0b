package tillbridge.nexo.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context toward the POI: the JDK's trusted CAs, or exactly the certificates of a trust store file. */
public final class TrustStores {
    private TrustStores() {}

    /**
     * {@code file} null: the JDK's default trust. Otherwise a key store (PKCS12 or JKS, {@code password}
     * may be null) or a file of X.509 certificates (PEM or DER); only its certificates are trusted.
     */
    public static SSLContext context(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (file == null) return SSLContext.getDefault();
        KeyStore trust = load(file, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(file)) throw new IOException("trust store " + file + " is not readable");
        try {
            KeyStore ks = KeyStore.getInstance(file.toFile(), password);
            if (ks.size() == 0) throw new GeneralSecurityException("trust store " + file + " holds no certificate");
            return ks;
        } catch (IOException | GeneralSecurityException keyStoreFailed) {
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(file)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (GeneralSecurityException notCertificates) {
                throw new GeneralSecurityException("trust store " + file + " is neither a key store (" + keyStoreFailed.getMessage()
                        + ") nor X.509 certificates (" + notCertificates.getMessage() + ")");
            }
            if (certs.isEmpty()) throw new GeneralSecurityException("trust store " + file + " holds no certificate");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) ks.setCertificateEntry("cert-" + i++, c);
            return ks;
        }
    }
}

package tillbridge.agent.print;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates an {@code ipps://} printer may show: those its {@code ca_file} holds (PEM; a
 * CA that signed the printer's certificate, or the printer's own certificate, pinned), else the
 * JVM's trust store. A certificate not trusted fails the connection with a message naming its
 * subject and issuer and what it was checked against, so the fix is plain.
 */
final class PrinterTrust {
    /** The printer's certificate is not trusted; the message says whose it is and who issued it. */
    static final class Untrusted extends CertificateException {
        Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** At most this many bytes are read from a {@code ca_file}: a CA bundle, not anything bigger. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private PrinterTrust() {}

    /** The certificates of a PEM (or DER) file; throws with a plain message when there are none or it cannot be read. */
    static List<X509Certificate> read(Path caFile) {
        try {
            if (Files.size(caFile) > MAX_FILE_BYTES) throw new IllegalArgumentException(caFile + " is larger than 1 MiB; it should hold a few PEM certificates");
            List<X509Certificate> out = new ArrayList<>();
            try (InputStream in = Files.newInputStream(caFile)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            }
            if (out.isEmpty()) throw new IllegalArgumentException(caFile + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + caFile + " (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException(caFile + " is not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    /** The TLS context for a printer: trusting {@code caFile}'s certificates only, or the JVM's trust store when empty. */
    static SSLContext context(Optional<Path> caFile) {
        try {
            KeyStore anchors = null;
            if (caFile.isPresent()) {
                anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                int i = 0;
                for (X509Certificate c : read(caFile.get())) anchors.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(anchors);
            X509TrustManager pkix = null;
            for (TrustManager t : f.getTrustManagers()) if (t instanceof X509TrustManager x) pkix = x;
            String against = caFile.map(p -> "ca_file " + p).orElse("the JVM's trust store (give the printer a ca_file)");
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {naming(pkix, against)}, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for a printer: " + e.getMessage(), e);
        }
    }

    /** {@code pkix}, with its refusal of a server certificate told as whose it is and who issued it. */
    private static X509TrustManager naming(X509TrustManager pkix, String against) {
        return new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    pkix.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    X509Certificate leaf = chain[0];
                    throw new Untrusted("its certificate for " + leaf.getSubjectX500Principal().getName() + " issued by "
                            + leaf.getIssuerX500Principal().getName() + " is not trusted by " + against, e);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a printer connection has no clients");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        };
    }

    /** The {@link Untrusted} behind a failed connection, if that is why it failed. */
    static Optional<Untrusted> cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof Untrusted u) return Optional.of(u);
        return Optional.empty();
    }
}

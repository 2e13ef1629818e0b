package tillbridge.agent.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import tillbridge.agent.ProxySetting;

/**
 * The agent's TLS to the hub: the JDK's own checks (chain and host name), with a refusal that
 * names the certificate and its issuer, so whoever reads the log knows which CA to trust; and the
 * credentials for a proxy that asks for them.
 */
final class HubTls {
    private HubTls() {}

    /** A certificate the agent refused, named by subject and issuer, with the JDK's reason. */
    static final class Refused extends CertificateException {
        Refused(X509Certificate leaf, CertificateException reason) {
            super("the hub's certificate (" + leaf.getSubjectX500Principal().getName() + ", issued by "
                    + leaf.getIssuerX500Principal().getName() + ") is not trusted: " + reason.getMessage(), reason);
        }
    }

    /** Trusts {@code trustStore} (PEM certificates or PKCS#12), else the JDK's default CAs. */
    static SSLContext context(Optional<Path> trustStore) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore.isPresent() ? keyStore(trustStore.get()) : null);
            X509ExtendedTrustManager jdk = null;
            for (TrustManager tm : tmf.getTrustManagers()) if (tm instanceof X509ExtendedTrustManager x) jdk = x;
            if (jdk == null) throw new GeneralSecurityException("no X.509 trust manager");
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Naming(jdk)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("trust store " + trustStore.map(Path::toString).orElse("(the JDK's)") + " unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(Path trustStore) throws IOException, GeneralSecurityException {
        try {
            byte[] bytes = Files.readAllBytes(trustStore);
            KeyStore ks;
            if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                    ks.setCertificateEntry("hub-" + i++, c);
                }
                if (i == 0) throw new IOException("no certificate in " + trustStore);
            } else {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(new ByteArrayInputStream(bytes), null);
            }
            return ks;
        } catch (IOException e) {
            throw new IOException("trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** Basic credentials, given only to the proxy that asks (never to the hub). */
    static Authenticator proxyCredentials(ProxySetting.Via proxy) {
        char[] password = proxy.password().orElse("").toCharArray();
        String user = proxy.user().orElseThrow();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, password.clone()) : null;
            }
        };
    }

    /** The JDK's checks, unchanged; a refusal says whose certificate and which issuer. */
    private static final class Naming extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;

        Naming(X509ExtendedTrustManager jdk) {
            this.jdk = jdk;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            named(chain, () -> jdk.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            named(chain, () -> jdk.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            named(chain, () -> jdk.checkServerTrusted(chain, authType));
        }

        /** One of the JDK's checks. */
        private interface Check {
            void run() throws CertificateException;
        }

        /** Runs {@code check}; its refusal is rethrown naming the certificate and its issuer. */
        private static void named(X509Certificate[] chain, Check check) throws CertificateException {
            try {
                check.run();
            } catch (CertificateException e) {
                throw chain == null || chain.length == 0 ? e : new Refused(chain[0], e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            jdk.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jdk.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}

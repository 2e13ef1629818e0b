package tillbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingTest {
    private static final URI HUB = URI.create("https://hub.example.com");

    @Test
    void aProxyUrlGivesHostPortAndDecodedCredentials() {
        ProxySetting.Via v = ProxySetting.url("http://till%40venue:p%3Ass+w@proxy.venue.lan:3128");
        assertThat(v.host()).isEqualTo("proxy.venue.lan");
        assertThat(v.port()).isEqualTo(3128);
        assertThat(v.user()).contains("till@venue");
        assertThat(v.password()).contains("p:ss+w");
    }

    @Test
    void thePasswordNeverAppearsWhenTheProxyIsShown() {
        ProxySetting.Via v = ProxySetting.url("http://till:secret@proxy:3128");
        assertThat(v.shown()).isEqualTo("http://till:***@proxy:3128");
        assertThat(v.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> ProxySetting.url("http://till:secret@proxy:3128/path")).hasMessageNotContaining("secret");
    }

    @Test
    void aBareHostAndPortIsTakenAsCurlTakesItAndAMissingPortIsCurlsDefault() {
        assertThat(ProxySetting.url("proxy:8080")).isEqualTo(new ProxySetting.Via("proxy", 8080, Optional.empty(), Optional.empty()));
        assertThat(ProxySetting.url("http://proxy").port()).isEqualTo(ProxySetting.DEFAULT_PORT);
        assertThat(ProxySetting.url("http://[::1]:3128").host()).isEqualTo("::1");
    }

    @Test
    void onlyHttpProxiesAreAccepted() {
        assertThatThrownBy(() -> ProxySetting.url("socks5://proxy:1080")).hasMessageContaining("must be an http:// proxy");
        assertThatThrownBy(() -> ProxySetting.url("https://proxy:443")).hasMessageContaining("must be an http:// proxy");
    }

    @Test
    void directIgnoresTheEnvironment() {
        assertThat(ProxySetting.parse("direct").forHub(HUB, Map.of("HTTPS_PROXY", "http://proxy:3128"))).isEmpty();
    }

    @Test
    void theEnvironmentsHttpsProxyIsUsedForAnHttpsHubUnlessNoProxyNamesIt() {
        ProxySetting env = new ProxySetting.FromEnvironment();
        assertThat(env.forHub(HUB, Map.of("HTTPS_PROXY", "http://proxy:3128"))).map(ProxySetting.Via::port).contains(3128);
        assertThat(env.forHub(HUB, Map.of("https_proxy", "http://low:1", "HTTPS_PROXY", "http://up:2"))).map(ProxySetting.Via::host).contains("low");
        assertThat(env.forHub(HUB, Map.of("HTTP_PROXY", "http://proxy:3128"))).isEmpty();
        assertThat(env.forHub(URI.create("http://127.0.0.1:8080"), Map.of("HTTP_PROXY", "http://proxy:3128"))).isPresent();
        assertThat(env.forHub(HUB, Map.of("HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", "localhost,.example.com"))).isEmpty();
        assertThat(env.forHub(HUB, Map.of())).isEmpty();
    }

    @Test
    void anUnusableEnvironmentProxyNamesTheVariable() {
        assertThatThrownBy(() -> new ProxySetting.FromEnvironment().forHub(HUB, Map.of("HTTPS_PROXY", "socks5://p:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("HTTPS_PROXY");
    }

    @Test
    void noProxyMatchesHostsDomainSuffixesAddressesAndEverything() {
        assertThat(ProxySetting.bypassed("hub.example.com", "example.com")).isTrue();
        assertThat(ProxySetting.bypassed("hub.example.com", ".example.com")).isTrue();
        assertThat(ProxySetting.bypassed("example.com", ".example.com")).isTrue();
        assertThat(ProxySetting.bypassed("notexample.com", "example.com")).isFalse();
        assertThat(ProxySetting.bypassed("10.0.0.5", "10.0.0.5:443")).isTrue();
        assertThat(ProxySetting.bypassed("::1", "[::1]:443")).isTrue();
        assertThat(ProxySetting.bypassed("anything", " * ")).isTrue();
        assertThat(ProxySetting.bypassed("hub", "")).isFalse();
    }
}

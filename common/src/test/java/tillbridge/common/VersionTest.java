package tillbridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void isTheMavenProjectVersion() {
        assertThat(Version.NUMBER).doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
        assertThat(Version.of("frob")).isEqualTo("frob " + Version.NUMBER);
    }
}

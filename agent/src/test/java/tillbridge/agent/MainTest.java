package tillbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void failuresAreOneLineAboutTheFileNeverAClassName() {
        assertThat(Main.say(new NoSuchFileException("/etc/tb/hub-ca.pem"))).isEqualTo("/etc/tb/hub-ca.pem: no such file or directory");
        assertThat(Main.say(new AccessDeniedException("/var/tb/journal.jsonl"))).isEqualTo("/var/tb/journal.jsonl: permission denied");
        assertThat(Main.say(new NullPointerException())).doesNotContain("Exception").contains("run again with -v");
    }
}

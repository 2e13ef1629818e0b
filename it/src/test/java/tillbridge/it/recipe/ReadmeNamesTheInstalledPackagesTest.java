package tillbridge.it.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's list of the Debian packages ./tb installs is the list bin/lib/deps.sh installs. */
class ReadmeNamesTheInstalledPackagesTest {
    private static final Path HOME = Path.of(System.getProperty("tillbridge.home", "..")).toAbsolutePath().normalize();

    @Test
    void readmeListsExactlyThePackagesOfDepsSh() throws IOException {
        assertThat(readmeList()).isEqualTo(installed());
    }

    /** The packages of deps.sh's {@code for tool in TOOL:PACKAGE ...} line. */
    static Set<String> installed() throws IOException {
        Matcher line = Pattern.compile("for tool in ([^;]+);").matcher(Files.readString(HOME.resolve("bin/lib/deps.sh")));
        assertThat(line.find()).as("deps.sh's 'for tool in TOOL:PACKAGE ...;' line").isTrue();
        Set<String> packages = new TreeSet<>();
        for (String pair : line.group(1).trim().split("\\s+")) packages.add(pair.substring(pair.indexOf(':') + 1));
        return packages;
    }

    /** The backquoted names between README's {@code <!-- packages -->} and {@code <!-- /packages -->}. */
    static Set<String> readmeList() throws IOException {
        Matcher list = Pattern.compile("<!-- packages -->(.*?)<!-- /packages -->", Pattern.DOTALL).matcher(Files.readString(HOME.resolve("README.md")));
        assertThat(list.find()).as("README's <!-- packages --> list").isTrue();
        Set<String> packages = new TreeSet<>();
        Matcher name = Pattern.compile("`([^`]+)`").matcher(list.group(1));
        while (name.find()) packages.add(name.group(1));
        return packages;
    }
}

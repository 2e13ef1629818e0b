package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/frob, the launcher tcpserver runs once per connection. It hands the JVM an AOT cache only
 * when it is newer than frob's jars and its id file names this JVM; an unusable one (here: not a
 * cache at all) is skipped by the JVM silently: nothing about it may reach stdout (the ECR stream)
 * or the log. A cache made by another JVM (a JDK update) is not offered, and said once on stderr,
 * or retrained with FROB_AOT_STALE=retrain. A cache trained through it is used, and it works from
 * a symlink.
 */
class FrobLauncherTest {
    @TempDir
    Path dir;

    @Test
    void unusableCacheIsSkippedWithoutAWord() throws Exception {
        Path cache = brokenCache(Instant.now().plusSeconds(60));
        Path log = dir.resolve("frob.log");
        ProcessBuilder pb = new ProcessBuilder(Programs.command("frob")).redirectError(log.toFile());
        pb.environment().put("FROB_AOT_CACHE", cache.toString());
        Process frob = pb.start();
        try {
            Wire ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
            EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2"); // any JVM message on stdout would come first
            ecr.close();
            assertThat(frob.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            Programs.stop(frob);
        }
        assertThat(frob.exitValue()).isZero();
        assertThat(Programs.read(log)).doesNotContainIgnoringCase("aot").doesNotContain("warning").doesNotContain("[error");
        // it was offered to the JVM, which refused it
        assertThat(version(cache).err()).contains("trying to map " + cache);
    }

    @Test
    void cacheMadeByAnotherJvmIsNotOfferedAndSaidOnce() throws Exception {
        Path cache = brokenCache(Instant.now().plusSeconds(60));
        Files.writeString(Path.of(cache + ".id"), "Old Vendor 25.0.1+1 at /opt/old-jdk/bin/java\n");
        Run first = version(cache);
        assertThat(first.err()).contains("frob: AOT cache made by another JVM (Old Vendor 25.0.1+1 at /opt/old-jdk/bin/java), "
                + "running without it; run ./tb aot to retrain").doesNotContain("trying to map");
        assertThat(first.out()).startsWith("frob ");
        Run second = version(cache);
        assertThat(second.err()).doesNotContain("another JVM").doesNotContain("trying to map");
    }

    @Test
    void cacheWithoutAnIdIsNotOffered() throws Exception {
        Path cache = brokenCache(Instant.now().plusSeconds(60));
        Files.delete(Path.of(cache + ".id"));
        assertThat(version(cache).err()).contains("AOT cache made by another JVM (unknown)").doesNotContain("trying to map");
    }

    @Test
    void staleCacheIsRetrainedWhenAsked() throws Exception {
        Path cache = brokenCache(Instant.now().plusSeconds(60));
        Files.writeString(Path.of(cache + ".id"), "Old Vendor 25.0.1+1 at /opt/old-jdk/bin/java\n");
        Path classes = dir.resolve("classes.log");
        Run r = Run.of(dir, 600, List.of("env", "FROB_AOT_CACHE=" + cache, "FROB_AOT_STALE=retrain",
                "TB_JAVA_OPTS=-Xlog:class+load=info:file=" + classes, Programs.bin("frob").toString(), "--version"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("retraining it");
        assertThat(Files.readString(Path.of(cache + ".id")).strip()).isEqualTo(currentJvmId());
        assertThat(Programs.read(classes)).contains("tillbridge.frob.Main source: shared objects file");
    }

    @Test
    void cacheOlderThanTheJarIsNotOfferedToTheJvm() throws Exception {
        Path stale = brokenCache(Instant.parse("2001-01-01T00:00:00Z"));
        assertThat(version(stale).err()).doesNotContain("trying to map");
    }

    @Test
    void cacheTrainedThroughTheLauncherServesFrobsClasses() throws Exception {
        Path cache = dir.resolve("trained.aot");
        ProcessBuilder training = new ProcessBuilder(Programs.command("frob", "-q")).redirectError(dir.resolve("training.log").toFile());
        training.environment().put("FROB_AOT_CACHE_OUTPUT", cache.toString());
        Process frob = training.start();
        try {
            Wire ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
            EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2");
            ecr.close();
            assertThat(frob.waitFor(60, TimeUnit.SECONDS)).as("the JVM writes the cache as frob exits").isTrue();
        } finally {
            Programs.stop(frob);
        }
        assertThat(frob.exitValue()).as(Programs.read(dir.resolve("training.log"))).isZero();
        assertThat(cache).isRegularFile();

        Path classes = dir.resolve("classes.log");
        Run r = Run.of(dir, 60, List.of("env", "FROB_AOT_CACHE=" + cache, "TB_JAVA_OPTS=-Xlog:class+load=info:file=" + classes,
                Programs.bin("frob").toString(), "--version"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Programs.read(classes)).contains("tillbridge.frob.Main source: shared objects file");
    }

    @Test
    void launcherWorksThroughASymlinkFromAnotherDirectory() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("frob"), Programs.bin("frob"));
        Run r = Run.of(dir, 60, List.of(link.toString(), "--version"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("frob ");
    }

    /** Not a cache at all, made (its id file says) by the JVM bin/frob runs. */
    private Path brokenCache(Instant modified) throws Exception {
        Path cache = dir.resolve("frob-" + modified.getEpochSecond() + ".aot");
        Files.writeString(cache, "not an AOT cache");
        Files.setLastModifiedTime(cache, FileTime.from(modified));
        Files.writeString(Path.of(cache + ".id"), currentJvmId() + "\n");
        return cache;
    }

    /** The id bin/frob computes for the JVM it finds (bin/lib/java.sh), as the training run records it. */
    private String currentJvmId() throws Exception {
        Run r = Run.of(dir, 30, List.of("bash", "-c", ". \"$0\"; tb_require_java; tb_java_id; printf %s \"$TB_JAVA_ID\"",
                Programs.HOME.resolve("bin/lib/java.sh").toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    /** {@code frob --version} with the JVM's AOT log switched back on. */
    private Run version(Path cache) throws Exception {
        List<String> command = List.of("env", "FROB_AOT_CACHE=" + cache, "TB_JAVA_OPTS=-Xlog:aot=info:stderr", Programs.bin("frob").toString(), "--version");
        Run r = Run.of(dir, 60, command);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }
}

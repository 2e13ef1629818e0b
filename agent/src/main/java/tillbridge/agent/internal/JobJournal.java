package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.agent.internal.JobRecord.Stage;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobResult;

/**
 * The agent's durable journal: an append-only file of JSON lines, {@code journal.jsonl} (0600 in
 * a 0700 directory, {@link PrivateFiles}), one
 * record per step of a job, each written whole and forced to disk ({@link FileChannel#force})
 * before the method returns, so the step it records happens only after it is durable.
 *
 * <pre>
 * {"at":"…","rec":"received","job":"job_…","type":"payment","request":{…}}
 * {"at":"…","rec":"s1_pending","job":"job_…","terminal":"T1","ecr_id":"KASA-01","reference":"TB…"}
 * {"at":"…","rec":"s1_sent","job":"job_…"}
 * {"at":"…","rec":"receipt","job":"job_…","title":"CUSTOMER RECEIPT","text":"…"}
 * {"at":"…","rec":"print_sending","job":"job_…"}
 * {"at":"…","rec":"not_sent","job":"job_…"}
 * {"at":"…","rec":"result","job":"job_…","state":"done","result":{…}}
 * {"at":"…","rec":"posted","job":"job_…"}
 * {"at":"…","rec":"asking","job":"job_…","until":"…"}
 * {"at":"…","rec":"asking_ended","job":"job_…","reason":"…"}
 * </pre>
 *
 * Only "received" may be written without forcing ({@link #receive}), and the job is acknowledged
 * only after {@link #sync} has forced it; every other record is forced before its method returns.
 *
 * Reading back ({@link JournalReplay}), the latest record of a job wins. A last line cut off by a
 * crash (no newline or not JSON) was never forced, so nothing acted on it: it is cut off the file.
 * A broken line in the middle is skipped with a warning. When the file holds more than {@link #COMPACT_LINES} lines it
 * is rewritten at open (new file, forced, renamed over the old one) keeping every job not yet
 * posted and posted jobs younger than {@link #KEEP_POSTED}. One process at a time: the directory
 * is locked ({@code journal.lock}).
 */
public final class JobJournal implements AutoCloseable {
    public static final String FILE = "journal.jsonl";
    static final int COMPACT_LINES = 20_000;
    static final Duration KEEP_POSTED = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(JobJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Clock clock;
    private final Map<String, JobRecord> jobs;
    private FileChannel out;
    private long written;
    private long forced;

    /** Thrown when another process holds the journal. */
    public static final class Locked extends IOException {
        Locked(String m) {
            super(m);
        }
    }

    private JobJournal(Path file, FileChannel lockChannel, FileLock lock, Clock clock, Map<String, JobRecord> jobs) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** Locks {@code dir}, reads the journal back (repairing a torn last line) and opens it for appending. */
    public static JobJournal open(Path dir, Clock clock) throws IOException {
        return open(dir, clock, COMPACT_LINES);
    }

    static JobJournal open(Path dir, Clock clock, int compactLines) throws IOException {
        PrivateFiles.directory(dir);
        FileChannel lc = PrivateFiles.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lc.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            lc.close();
            throw new Locked("another agent holds the journal in " + dir + " (journal.lock); one agent per config directory");
        }
        Path file = dir.resolve(FILE);
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        int lines = Files.exists(file) ? JournalReplay.replay(file, jobs) : 0;
        JobJournal j = new JobJournal(file, lc, lock, clock, jobs);
        if (lines > compactLines) j.compact();
        boolean fresh = !Files.exists(file);
        j.out = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (fresh) syncDir(dir);
        j.written = j.out.size();
        j.forced = j.written;
        return j;
    }

    public synchronized boolean has(String jobId) {
        return jobs.containsKey(jobId);
    }

    public synchronized Optional<JobRecord> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** Every job, oldest first by latest record. */
    public synchronized List<JobRecord> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Journals a new job and forces it to disk. Returns false (writing nothing) when the id is known: a duplicate. */
    public boolean received(String jobId, String type, JsonNode request) throws IOException {
        long at = receive(jobId, type, request);
        if (at < 0) return false;
        sync(at);
        return true;
    }

    /**
     * Writes a new job's record without forcing it yet; returns the file position that {@link #sync}
     * must reach before the job is acknowledged, or -1 (writing nothing) for a known id. Lets the
     * job start at once: the next forced record (its "S1 about to be sent") forces this one too, so
     * a payment pays for one fsync before its S1, not two.
     */
    public synchronized long receive(String jobId, String type, JsonNode request) throws IOException {
        if (jobs.containsKey(jobId)) return -1;
        ObjectNode r = record("received", jobId).put("type", type);
        r.set("request", request);
        return write(r);
    }

    /** Forces the journal at least up to {@code position} (everything written so far when it is -1). */
    public synchronized void sync(long position) throws IOException {
        if (position >= 0 && forced >= position) return;
        long end = written;
        out.force(false);
        forced = end;
    }

    /** "S1 about to be sent": after this, the payment is never started again, only asked about. */
    public synchronized void s1Pending(String jobId, PaymentRef p) throws IOException {
        append(record("s1_pending", jobId).put("terminal", p.terminal()).put("ecr_id", p.ecrId()).put("reference", p.reference()));
    }

    /**
     * A print job's document is about to be sent: after this, a restart prints it again only when
     * the printer proves it never got it ({@link Recovery#afterPrintCrash}).
     */
    public synchronized void printSending(String jobId) throws IOException {
        append(record("print_sending", jobId));
    }

    /**
     * A receipt the terminal printed during the payment {@code jobId}: kept with the job so that its
     * result carries it even when the agent stops before the payment ends.
     */
    public synchronized void receipt(String jobId, JobResult.Receipt p) throws IOException {
        append(record("receipt", jobId).put("title", p.title()).put("text", p.text()));
    }

    public synchronized void s1Sent(String jobId) throws IOException {
        append(record("s1_sent", jobId));
    }

    /**
     * The S1 journaled as pending provably never left (the library says so): the job is back to
     * "received", so that a restart runs it instead of asking the terminal about a payment it
     * never saw. A crash before this record only means the terminal is asked: never a second S1.
     */
    public synchronized void notSent(String jobId) throws IOException {
        append(record("not_sent", jobId));
    }

    public synchronized void result(String jobId, JobResult r) throws IOException {
        append(record("result", jobId).setAll(JobJson.posted(r)));
    }

    /**
     * The hub has {@code result}. Nothing is written when the journal holds a newer result for the
     * job (an unknown outcome recovered while the unknown one was being posted): that one still
     * has to be posted, and must not be taken for posted.
     */
    public synchronized void posted(String jobId, JobResult result) throws IOException {
        JobRecord j = jobs.get(jobId);
        if (j != null && j.result().isPresent() && !j.result().get().equals(result)) return;
        append(record("posted", jobId));
    }

    /** The agent asks the terminal about an unknown outcome until {@code until}, across restarts. */
    public synchronized void asking(String jobId, Instant until) throws IOException {
        append(record("asking", jobId).put("until", until.toString()));
    }

    /** The agent stopped asking (deadline passed, terminal gone from agent.json): the outcome stays unknown. */
    public synchronized void askingEnded(String jobId, String reason) throws IOException {
        append(record("asking_ended", jobId).put("reason", reason));
    }

    private ObjectNode record(String rec, String jobId) {
        return JSON.createObjectNode().put("at", clock.instant().toString()).put("rec", rec).put("job", jobId);
    }

    private void append(ObjectNode r) throws IOException {
        write(r);
        sync(-1);
    }

    /** Writes one record (not forced) and applies it; returns the file position after it. */
    private long write(ObjectNode r) throws IOException {
        byte[] line = (JSON.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) out.write(b);
        written += line.length;
        JournalReplay.apply(jobs, r);
        return written;
    }

    /** Rewrites the file with the jobs worth keeping (see the class comment). */
    private void compact() throws IOException {
        Instant cutoff = clock.instant().minus(KEEP_POSTED);
        List<ObjectNode> keep = new ArrayList<>();
        for (JobRecord j : jobs.values()) {
            if (j.stage() == Stage.POSTED && j.last().isBefore(cutoff) && !Recovery.stillAsking(j)) continue;
            String at = j.last().toString();
            if (j.stage() == Stage.POSTED && !Recovery.stillAsking(j)) {
                keep.add(JSON.createObjectNode().put("at", at).put("rec", "posted").put("job", j.id()).put("type", j.type()));
                continue;
            }
            ObjectNode rec = JSON.createObjectNode().put("at", at).put("rec", "received").put("job", j.id()).put("type", j.type());
            rec.set("request", j.request());
            keep.add(rec);
            j.payment().ifPresent(p -> keep.add(JSON.createObjectNode().put("at", at).put("rec", "s1_pending").put("job", j.id())
                    .put("terminal", p.terminal()).put("ecr_id", p.ecrId()).put("reference", p.reference())));
            j.receipts().forEach(p -> keep.add(JSON.createObjectNode().put("at", at).put("rec", "receipt").put("job", j.id())
                    .put("title", p.title()).put("text", p.text())));
            if (j.stage() == Stage.PRINT_SENDING) keep.add(JSON.createObjectNode().put("at", at).put("rec", "print_sending").put("job", j.id()));
            if (j.stage() == Stage.S1_SENT) keep.add(JSON.createObjectNode().put("at", at).put("rec", "s1_sent").put("job", j.id()));
            j.result().ifPresent(r -> {
                keep.add(JSON.createObjectNode().put("at", at).put("rec", "result").put("job", j.id()).setAll(JobJson.posted(r)));
            });
            if (j.stage() == Stage.POSTED) keep.add(JSON.createObjectNode().put("at", at).put("rec", "posted").put("job", j.id()));
            j.asking().ifPresent(a -> {
                keep.add(JSON.createObjectNode().put("at", at).put("rec", "asking").put("job", j.id()).put("until", a.until().toString()));
                a.ended().ifPresent(why -> keep.add(JSON.createObjectNode().put("at", at).put("rec", "asking_ended").put("job", j.id())
                        .put("reason", why)));
            });
        }
        Path tmp = file.resolveSibling(FILE + ".compact");
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (ObjectNode r : keep) {
                ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDir(file.getParent());
        jobs.clear();
        JournalReplay.replay(file, jobs);
        LOG.info("journal {} compacted to {} records", file, keep.size());
    }

    /** Makes a new or renamed file's directory entry durable too. */
    private static void syncDir(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (out != null) out.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}

package tillbridge.hub.internal;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobState;
import tillbridge.hub.internal.Model.LoggedEvent;

/**
 * A box office following one job's events: replays the log after the Last-Event-ID, then sends
 * new events as they are appended. Ends the stream after the job's final state.
 */
public final class JobFollower {
    private final String jobId;
    private final SseSink sink;
    private final JobStore jobs;
    private final DeliveryPump pump;
    private long lastSent;                     // touched only inside the pump
    private volatile ScheduledFuture<?> keepAlive;

    JobFollower(String jobId, SseSink sink, long lastEventId, JobStore jobs, Executor executor) {
        this.jobId = jobId;
        this.sink = sink;
        this.jobs = jobs;
        this.lastSent = lastEventId;
        // no retry timer of its own: each keep-alive re-arms it (see start)
        this.pump = new DeliveryPump(executor, this::deliver, (delay, task) -> {});
    }

    public String jobId() {
        return jobId;
    }

    SseSink sink() {
        return sink;
    }

    void start(ScheduledExecutorService timer, Duration ping) {
        long p = ping.toMillis();
        keepAlive = timer.scheduleAtFixedRate(() -> {
            pump.request();   // a pass that failed, or an announcement missed from another node, is made up here
            sink.comment("ping");
        }, p, p, TimeUnit.MILLISECONDS);
        pump.request();
    }

    void stop() {
        ScheduledFuture<?> f = keepAlive;
        if (f != null) f.cancel(false);
    }

    void wake() {
        pump.request();
    }

    private void deliver() {
        for (;;) {
            if (sink.ended()) return;
            List<LoggedEvent> batch = jobs.events(jobId, lastSent, 100);
            for (LoggedEvent e : batch) {
                sink.event(Long.toString(e.seq()), e.kind(), Json.write(e.toJson()));
                lastSent = e.seq();
                // unknown is final for the agent but may still be settled by a recovered result: keep following
                if (e.event() instanceof JobEvent.State st && st.state().isFinal() && st.state() != JobState.UNKNOWN) {
                    sink.close("job " + jobId + " finished");
                    return;
                }
            }
            if (batch.size() < 100) return;
        }
    }
}

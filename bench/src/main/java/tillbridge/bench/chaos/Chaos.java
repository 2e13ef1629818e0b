package tillbridge.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import tillbridge.agent.internal.Recovery;
import tillbridge.bench.chaos.Fleet.Role;

/**
 * Proves the cloud payment path exactly-once under crashes: submits payment jobs through the box-office
 * API while killing (SIGKILL) the agents, the hub, frob's tcpserver with its frobs and terminal-sim at
 * random moments, each started again after a short random delay; then holds every job's final state
 * against terminal-sim's log and journal (what it really received and charged). See docs/chaos.md.
 *
 * <pre>
 * ./tb chaos --jobs 10000 --minutes 30
 * </pre>
 *
 * Exit 0 when no job was charged twice, lost, wrongly reported or stuck; 1 otherwise; 100 usage; 111
 * when the programs could not be started or the hub did not take a job.
 */
public final class Chaos {
    record Options(int jobs, long seed, double minutes, int sites, double settleMinutes, Path home, Path work) {
        static final String USAGE = "usage: chaos [--jobs N] [--seed S] [--minutes M] [--sites K] [--settle-minutes M] [--home DIR] [--work DIR]";

        static Options parse(String[] args) throws IOException {
            int jobs = 300, sites = 2;
            long seed = new Random().nextLong();
            double minutes = -1, settle = 4;
            Path home = Path.of("."), work = null;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
                String v = args[i + 1];
                switch (args[i]) {
                    case "--jobs" -> jobs = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--minutes" -> minutes = Double.parseDouble(v);
                    case "--sites" -> sites = Integer.parseInt(v);
                    case "--settle-minutes" -> settle = Double.parseDouble(v);
                    case "--home" -> home = Path.of(v);
                    case "--work" -> work = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (jobs < 1 || jobs > 1_000_000) throw new IllegalArgumentException("--jobs must be 1..1000000");
            if (sites < 1 || sites > 32) throw new IllegalArgumentException("--sites must be 1..32");
            // about 5 jobs a second by default: the terminals keep up, so kills land on jobs in every stage
            if (minutes < 0) minutes = Math.max(1, jobs / 300.0);
            if (minutes <= 0 || minutes > 24 * 60 || settle <= 0 || settle > 24 * 60) throw new IllegalArgumentException("--minutes and --settle-minutes must be in (0, 1440]");
            if (work == null) work = Files.createTempDirectory("tb-chaos");
            else Files.createDirectories(work);
            return new Options(jobs, seed, minutes, sites, settle, home.toAbsolutePath().normalize(), work.toAbsolutePath());
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(100);
            return;
        }
        System.err.println("chaos: seed " + o.seed() + ", work dir " + o.work());
        int exit;
        try (Fleet fleet = new Fleet(o.home(), o.work())) {
            exit = run(o, fleet);
        } catch (IOException e) {
            System.err.println("chaos: " + e.getMessage() + " (logs in " + o.work() + ")");
            exit = 111;
        }
        System.exit(exit);
    }

    private static int run(Options o, Fleet fleet) throws IOException, InterruptedException {
        String apiKey = fleet.createTenant();
        for (Role r : List.of(Role.TERMINAL, Role.FROB, Role.HUB)) fleet.start(r, 0);
        BoxOffice office = new BoxOffice(fleet.hubUrl(), apiKey);
        try (FaultyNetwork link = new FaultyNetwork(fleet.hubPort)) {
            List<String> sites = new ArrayList<>();
            for (int i = 0; i < o.sites(); i++) {
                String site = office.createSite("chaos-" + (i + 1));
                fleet.addAgent(link.url(), office.registrationCode(site));
                fleet.start(Role.AGENT, i);
                sites.add(site);
            }
            for (String site : sites) awaitConnected(office, site);

            Random random = new Random(o.seed());
            Faults faults = new Faults(fleet, link, new Random(random.nextLong()));
            Thread faultThread = Thread.ofPlatform().name("chaos-faults").start(faults);
            List<Submitted> submitted = submit(o, office, sites, random);
            faults.stop.set(true);
            faultThread.join();
            if (faults.failure != null) throw faults.failure;

            List<Verdict.Job> jobs = settle(office, submitted, Duration.ofMillis((long) (o.settleMinutes() * 60_000)));
            Verdict verdict = new Verdict(jobs, Terminal.read(fleet.terminalLog(), fleet.terminalJournal()));
            System.out.println(verdict.line(faults.kills()));
            System.out.print(verdict.table());
            System.out.println("faults: " + faults.done);
            verdict.violations().stream().limit(50).forEach(System.out::println);
            return verdict.passed() ? 0 : 1;
        }
    }

    private static void awaitConnected(BoxOffice office, String site) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!office.connected(site)) {
            if (System.nanoTime() > end) throw new IOException("the agent of site " + site + " did not connect within 60 s");
            Thread.sleep(100);
        }
    }

    private record Submitted(Future<String> id, long amount, Amounts.Kind kind) {}

    /** Spreads the jobs evenly over the run's minutes, each submitted on its own virtual thread. */
    private static List<Submitted> submit(Options o, BoxOffice office, List<String> sites, Random random) throws InterruptedException {
        List<Submitted> all = new ArrayList<>();
        long start = System.nanoTime();
        double gapNanos = o.minutes() * 60e9 / o.jobs();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < o.jobs(); i++) {
                long wait = start + (long) (i * gapNanos) - System.nanoTime();
                if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                Amounts.Kind kind = Amounts.kind(random);
                long amount = Amounts.amount(kind, random);
                String site = sites.get(random.nextInt(sites.size()));
                String key = "chaos-" + o.seed() + "-" + i;
                all.add(new Submitted(pool.submit(() -> office.pay(site, amount, key)), amount, kind));
            }
        }
        return all;
    }

    /** Waits (bounded) until every job is final and no unknown is left to recover; returns the jobs as last seen. */
    private static List<Verdict.Job> settle(BoxOffice office, List<Submitted> submitted, Duration patience) throws IOException, InterruptedException {
        String[] ids = new String[submitted.size()];
        String[] states = new String[submitted.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = submitted.get(i).id().get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("job " + i + " was not taken by the hub: " + e.getCause().getMessage(), e);
            }
        }
        long end = System.nanoTime() + patience.toNanos();
        while (true) {
            boolean settled = true;
            for (int i = 0; i < ids.length; i++) {
                if (states[i] == null || !states[i].equals("done") && !states[i].equals("failed")) states[i] = office.state(ids[i]);
                settled &= states[i].equals("done") || states[i].equals("failed");
            }
            if (settled || System.nanoTime() > end) break;
            Thread.sleep(1000);
        }
        List<Verdict.Job> jobs = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Submitted s = submitted.get(i);
            jobs.add(new Verdict.Job(ids[i], Recovery.paymentReference(ids[i]), s.amount(), s.kind(), states[i]));
        }
        return jobs;
    }

    /**
     * Every 1 to 8 s, one fault at random until told to stop: a program killed (started again 0.1
     * to 3 s later), or the link between agents and hub cut, stalled for 0.1 to 5 s, or left
     * half-open one way. Everything runs again when it returns.
     */
    private static final class Faults implements Runnable {
        private static final List<Role> PROGRAMS = List.of(Role.values());
        /** cut, stall, half-open */
        private static final int LINK_FAULTS = 3;
        final AtomicBoolean stop = new AtomicBoolean();
        /** faults done, by name: the programs' roles, "LINK_CUT", "LINK_STALL", "LINK_HALF_OPEN_TO_HUB", "LINK_HALF_OPEN_TO_AGENT" */
        final Map<String, Integer> done = new TreeMap<>();
        private final Fleet fleet;
        private final FaultyNetwork link;
        private final Random random;
        volatile IOException failure;

        Faults(Fleet fleet, FaultyNetwork link, Random random) {
            this.fleet = fleet;
            this.link = link;
            this.random = random;
        }

        int kills() {
            return PROGRAMS.stream().mapToInt(r -> done.getOrDefault(r.name(), 0)).sum();
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    Thread.sleep(1000 + random.nextInt(7000));
                    if (stop.get()) return;
                    int pick = random.nextInt(PROGRAMS.size() + LINK_FAULTS);
                    if (pick >= PROGRAMS.size()) {
                        done.merge(linkFault(pick - PROGRAMS.size()), 1, Integer::sum);
                    } else {
                        Role role = PROGRAMS.get(pick);
                        int index = role == Role.AGENT ? random.nextInt(fleet.agents()) : 0;
                        fleet.kill(role, index);
                        done.merge(role.name(), 1, Integer::sum);
                        Thread.sleep(100 + random.nextInt(2900));
                        fleet.start(role, index);
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Does link fault {@code which} (0 to LINK_FAULTS - 1) and names it. */
        private String linkFault(int which) {
            switch (which) {
                case 0 -> {
                    link.cut();
                    return "LINK_CUT";
                }
                case 1 -> {
                    link.stall(Duration.ofMillis(100 + random.nextInt(4900)));
                    return "LINK_STALL";
                }
                default -> {
                    FaultyNetwork.Direction d = random.nextBoolean() ? FaultyNetwork.Direction.TO_HUB : FaultyNetwork.Direction.TO_AGENT;
                    link.halfOpen(d);
                    return "LINK_HALF_OPEN_" + d;
                }
            }
        }
    }
}

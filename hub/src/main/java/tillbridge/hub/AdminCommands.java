package tillbridge.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tillbridge.common.io.Exit;
import tillbridge.hub.internal.AdminClient;
import tillbridge.hub.internal.AdminFile;

/**
 * {@code hub admin …}: operations on a running hub through its admin endpoint. Secrets (API keys)
 * go to stdout alone, so that {@code KEY=$(hub admin key rotate …)} works; everything said to the
 * person goes to stderr.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Operate a running hub through its admin endpoint: tenants, API keys, sites, job retention.",
        subcommands = {AdminCommands.Tenant.class, AdminCommands.Key.class, AdminCommands.Site.class, AdminCommands.Prune.class})
final class AdminCommands implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "an admin command is required: tenant, key, site or prune");
    }

    /** Which running hub: the admin.json its --data directory holds, or an address and token file given here. */
    static final class Target {
        @Option(names = "--data", paramLabel = "DIR", description = "the running hub's --data directory, where it wrote admin.json (default ./hub-data)")
        Path data = Path.of("hub-data");

        @Option(names = "--admin", paramLabel = "URL", description = "the hub's admin endpoint (its --admin-listen), e.g. http://127.0.0.1:9100")
        String url;

        @Option(names = "--admin-token-file", paramLabel = "FILE", description = "file whose first line is the admin token (with --admin)")
        Path tokenFile;

        AdminClient client() throws IOException {
            if (url == null) {
                if (tokenFile != null) throw new IllegalArgumentException("--admin-token-file goes with --admin URL");
                return new AdminClient(AdminFile.read(data));
            }
            if (!url.matches("https?://[^/?#\\s]{1,250}")) throw new IllegalArgumentException("--admin must be http://HOST:PORT, was '" + url + "'");
            if (tokenFile == null) throw new IllegalArgumentException("--admin needs --admin-token-file FILE (the hub's admin token)");
            return new AdminClient(new AdminFile.Endpoint(url, Main.firstLine(tokenFile, "--admin-token-file")));
        }
    }

    private static PrintWriter out() {
        return new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    }

    @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Manage tenants.", subcommands = TenantCreate.class)
    static final class Tenant implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a tenant command is required: create");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a tenant; prints its API key once on stdout.")
    static final class TenantCreate implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "NAME", description = "tenant name (unique, 1..200 characters)")
        String name;

        @Override
        public Integer call() throws Exception {
            JsonNode t = target.client().createTenant(name);
            System.err.println("hub: tenant '" + name + "' created as " + t.path("id").asText() + "; its API key follows on stdout and is not shown again");
            out().println(t.path("api_key").asText());
            return Exit.OK.code;
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "Manage a tenant's API keys (at most two valid at once).",
            subcommands = {KeyList.class, KeyCreate.class, KeyRotate.class, KeyRevoke.class})
    static final class Key implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a key command is required: list, create, rotate or revoke");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a tenant's keys: id, state, created, expires, revoked, last used (to the minute).")
    static final class KeyList implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "TENANT", description = "tenant id or name")
        String tenant;

        @Override
        public Integer call() throws Exception {
            JsonNode r = target.client().keys(tenant);
            PrintWriter out = out();
            out.printf("%-28s %-8s %-27s %-27s %-27s %s%n", "KEY", "STATE", "CREATED", "EXPIRES", "REVOKED", "LAST USED");
            for (JsonNode k : r.path("keys")) {
                out.printf("%-28s %-8s %-27s %-27s %-27s %s%n", k.path("id").asText(), k.path("state").asText(), k.path("created_at").asText(),
                        k.path("expires_at").asText("-"), k.path("revoked_at").asText("-"), k.path("last_used_at").asText("-"));
            }
            out.flush();
            return Exit.OK.code;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Give a tenant one more key (refused when it holds two valid ones); prints it once on stdout.")
    static final class KeyCreate implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "TENANT", description = "tenant id or name")
        String tenant;

        @Option(names = "--expires-in-hours", paramLabel = "N", description = "the key stops working N hours from now (default: when revoked)")
        long hours;

        @Override
        public Integer call() throws Exception {
            if (hours < 0) throw new IllegalArgumentException("--expires-in-hours must be >= 1, was " + hours);
            printKey(target.client().createKey(tenant, hours), "created");
            return Exit.OK.code;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new key for the tenant; its current key keeps working for the grace period, then stops. Prints the new key once on stdout.")
    static final class KeyRotate implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "TENANT", description = "tenant id or name")
        String tenant;

        @Option(names = "--grace-hours", paramLabel = "N", description = "how long the current key keeps working (default ${DEFAULT-VALUE}; 0: it stops now)")
        long graceHours = 24;

        @Override
        public Integer call() throws Exception {
            if (graceHours < 0) throw new IllegalArgumentException("--grace-hours must be >= 0, was " + graceHours);
            printKey(target.client().rotate(tenant, graceHours), graceHours == 0 ? "created, and the current key revoked"
                    : "created; the current key keeps working for " + graceHours + " h ('hub admin key list' shows when it stops)");
            return Exit.OK.code;
        }
    }

    private static void printKey(JsonNode k, String what) {
        System.err.println("hub: key " + k.path("id").asText() + " of tenant " + k.path("tenant_id").asText() + " " + what
                + "; the key follows on stdout and is not shown again");
        out().println(k.path("api_key").asText());
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once, on every node.")
    static final class KeyRevoke implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "KEY", description = "key id (from 'hub admin key list')")
        String key;

        @Override
        public Integer call() throws Exception {
            JsonNode k = target.client().revoke(key);
            out().println("key " + k.path("id").asText() + " of tenant " + k.path("tenant_id").asText() + " revoked at " + k.path("revoked_at").asText());
            return Exit.OK.code;
        }
    }

    @Command(name = "site", mixinStandardHelpOptions = true, description = "Manage sites.", subcommands = SiteDelete.class)
    static final class Site implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a site command is required: delete");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a site: its agent is cut off, its queued jobs fail, its documents go.",
                    "Refused (exit 111) while its agent may be running a payment: wait for the result and try again."})
    static final class SiteDelete implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "SITE", description = "site id")
        String site;

        @Option(names = "--force", description = "the site's agent is gone for good: end payments it may be running as unknown")
        boolean force;

        @Override
        public Integer call() throws Exception {
            JsonNode r = target.client().deleteSite(site, force);
            if (r.path("already_deleted").asBoolean()) {
                out().println("site " + site + " was deleted already");
            } else {
                out().println("site " + site + " deleted: " + r.path("failed").size() + " unfinished jobs failed, " + r.path("unknown").size()
                        + " unknown, " + r.path("documents_removed").asInt() + " documents removed");
            }
            return Exit.OK.code;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete done and failed jobs (with their events), unused documents and emptied deleted sites, older than the retention age, now.")
    static final class Prune implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--older-than-days", paramLabel = "N", description = "what ended more than N days ago (default: the hub's --keep-jobs-days)")
        long days;

        @Override
        public Integer call() throws Exception {
            if (days < 0) throw new IllegalArgumentException("--older-than-days must be >= 1, was " + days);
            JsonNode r = target.client().prune(days);
            out().println("pruned " + r.path("jobs").asLong() + " jobs (" + r.path("events").asLong() + " events), " + r.path("documents").asLong()
                    + " documents and " + r.path("sites").asLong() + " deleted sites, of what ended before " + r.path("before").asText());
            return Exit.OK.code;
        }
    }
}

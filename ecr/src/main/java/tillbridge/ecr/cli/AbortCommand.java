package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Send P1 (abort) on a new connection and report whether the terminal acknowledged it.",
            "frob forwards P1 only for a sale open on the same connection: to abort a running 'ecr pay', press Ctrl-C "
                    + "in it or give it --abort-after."})
final class AbortCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return parent.withSession(spec.commandLine(), (session, out) -> {
            boolean acked = session.abort();
            out.println(acked ? "abort acknowledged" : "abort not acknowledged");
            return acked ? EcrCli.OK : EcrCli.ERROR;
        });
    }
}

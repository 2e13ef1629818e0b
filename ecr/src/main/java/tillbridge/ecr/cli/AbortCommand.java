package tillbridge.ecr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.ecr.EcrSession;

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
        try (EcrSession session = parent.open(spec.commandLine())) {
            boolean acked = session.abort();
            PrintWriter out = spec.commandLine().getOut();
            out.println(acked ? "abort acknowledged" : "abort not acknowledged");
            out.flush();
            return acked ? EcrCli.OK : EcrCli.ERROR;
        }
    }
}

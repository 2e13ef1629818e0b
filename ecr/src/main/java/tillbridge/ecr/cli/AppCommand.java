package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tillbridge.protocol.message.App;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = {"Ask the terminal to start its application (A1) and print its answer (A2).",
            "With --linger the connection stays open that long afterwards, so the terminal can use this ECR's console and printer."})
final class AppCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "0",
            description = "Keep serving the terminal's print and console requests this long after an accepted A2 (default: ${DEFAULT-VALUE}).")
    double linger;

    @Override
    public Integer call() throws Exception {
        if (!(linger >= 0)) throw new ParameterException(spec.commandLine(), "--linger must be >= 0, was " + linger);
        return parent.withSession(spec.commandLine(), (session, out) -> {
            App.Ack a2 = session.startApplication();
            out.println("result " + a2.result());
            if (!a2.message().isEmpty()) out.println("message " + a2.message());
            out.flush(); // before lingering
            if (a2.accepted() && linger > 0) Thread.sleep((long) (linger * 1000));
            return a2.accepted() ? EcrCli.OK : EcrCli.ERROR;
        });
    }
}

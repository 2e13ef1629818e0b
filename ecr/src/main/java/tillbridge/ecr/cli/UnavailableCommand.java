package tillbridge.ecr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "unavailable", mixinStandardHelpOptions = true,
        description = "Tell the terminal this ECR is unavailable for SECONDS (L1; 0 = available again) and report whether it acknowledged it.")
final class UnavailableCommand implements Callable<Integer> {
    @ParentCommand
    EcrCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SECONDS", description = "0-999999.")
    int seconds;

    @Parameters(index = "1", paramLabel = "REASON", defaultValue = "", description = "Up to 80 printable ASCII characters.")
    String reason;

    @Override
    public Integer call() throws Exception {
        if (seconds < 0 || seconds > 999_999) throw new ParameterException(spec.commandLine(), "SECONDS must be 0-999999, was " + seconds);
        if (reason.length() > 80 || !reason.chars().allMatch(c -> c >= 0x20 && c <= 0x7E))
            throw new ParameterException(spec.commandLine(), "REASON must be at most 80 printable ASCII characters");
        return parent.withSession(spec.commandLine(), (session, out) -> {
            boolean acked = session.unavailable(seconds, reason);
            out.println(acked ? "unavailable acknowledged" : "unavailable not acknowledged");
            return acked ? EcrCli.OK : EcrCli.ERROR;
        });
    }
}
